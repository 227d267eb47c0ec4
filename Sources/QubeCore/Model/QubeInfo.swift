/// Facts about this build of qube.
public enum QubeInfo {
    /// The qube release, as `qube --version` and `qube.version` report it.
    public static let version = "0.1.0"
}
