import Foundation

/// Where a store lives, as the user named it (`--db PATH`).
///
/// The composition roots (the CLI, the server's start-up) turn the user's text into a location
/// and the use cases open stores through it, so creating, replacing and opening a database is
/// written once, and another kind of store is named without the use cases changing.
public protocol StoreLocation: Sendable, CustomStringConvertible {
    /// Whether a store exists there.
    var exists: Bool { get }
    /// The SQL dialect the store there runs (`CatalogReader.sqlDialect`), known before it is
    /// opened: which version of the shipped catalog a command checks its query against.
    var sqlDialect: String { get }
    /// The folder the store sits in, where a `queries/` folder of the user's is looked for;
    /// nil for a store that is not a file.
    var directory: URL? { get }
    /// Opens the store, creating it and bringing its schema up to date.
    func openForWriting() throws -> any EnforcementStore
    /// Opens an existing store for writing; a missing one is a `StoreError`.
    func openExisting() throws -> any EnforcementStore
    /// Opens an existing store with every connection read-only, with up to `readers` reads at
    /// once; a missing one is a `StoreError`.
    func openReadOnly(readers: Int) throws -> any EnforcementStore
    /// Deletes the store.
    func remove() throws
    /// Builds a new store with `build` in a scratch place and puts it here, replacing what was
    /// here, only once `build` has succeeded: a failed build leaves the location as it was.
    func create(_ build: (any EnforcementStore) throws -> Void) throws
}

extension StoreLocation {
    /// Opens an existing store read-only with four read connections, as commands need.
    public func openReadOnly() throws -> any EnforcementStore { try openReadOnly(readers: 4) }
}
