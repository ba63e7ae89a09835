extension SpatialDatabase {
    /// The releases of SQLite and SpatiaLite this build links: what `--version` names, since
    /// a database's behaviour (its SQL functions, its R*Tree) is theirs.
    public static var libraryVersions: String { SpatiaLiteExtension.libraryVersions }
}
