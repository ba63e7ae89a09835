/// Housekeeping of the store's own files: a role of the store (see `EnforcementStore`).
public protocol StoreMaintenance: Sendable {
    /// Makes what is committed durable in the store's own files (SpatiaLite: writes the WAL back).
    func checkpoint() throws
    /// Copies the database, as one consistent snapshot, to a new file at `path` (which must
    /// not exist), while others go on reading and writing.
    func backup(to path: String) throws
    /// Runs every check of `StoreCheck.Kind` on one snapshot of the data.
    func verify() throws -> [StoreCheck]
}
