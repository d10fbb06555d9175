// Typed L1 constructs for the Kubernetes 1.34 API, as `cdk8s import k8s@1.34.0`
// generates them (see cdk8s.yaml). cdk8s-plus-34 ships this exact import, so the
// project reuses it instead of committing a 20,000-line generated copy.
export * from "cdk8s-plus-34/lib/imports/k8s";
