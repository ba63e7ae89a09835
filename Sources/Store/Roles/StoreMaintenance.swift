/// Housekeeping of the store's own files: a role of the store (see `EnforcementStore`).
public protocol StoreMaintenance: Sendable {
    /// Makes what is committed durable in the store's own files (SpatiaLite: writes the WAL back).
    func checkpoint() throws
}
