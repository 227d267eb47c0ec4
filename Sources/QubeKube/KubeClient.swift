import QubeCore

/// Everything qube asks of a Kubernetes cluster.
public protocol KubeClient {}
