import Foundation
import Store

/// A SpatiaLite database file as a store location: the file, its WAL and its shared-memory
/// index.
public struct SpatiaLiteFile: StoreLocation {
    public let path: String

    public init(path: String) { self.path = path }

    public var description: String { path }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    public var sqlDialect: String { "spatialite" }

    public var directory: URL? { URL(fileURLWithPath: path).deletingLastPathComponent() }

    public func openForWriting() throws -> any EnforcementStore { try SpatialDatabase(path: path) }

    public func openExisting() throws -> any EnforcementStore {
        try requireExisting()
        return try SpatialDatabase(path: path)
    }

    public func openReadOnly(readers: Int) throws -> any EnforcementStore {
        try requireExisting()
        return try SpatialDatabase(path: path, readOnly: true, maximumReaders: readers)
    }

    public func remove() throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.removeItem(atPath: path + suffix)
            } catch {
                throw StoreError(message: "\(path + suffix): cannot be removed: \(error.localizedDescription)")
            }
        }
    }

    /// Builds the database in a file beside this one and renames it into place once it is
    /// complete and written back from its WAL, so `init` never leaves half a database.
    public func create(_ build: (any EnforcementStore) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let staging = SpatiaLiteFile(path: url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new-\(UUID().uuidString)").path)
        defer { try? staging.remove() }
        try Self.build(at: staging.path, build)
        try remove()
        guard rename(staging.path, path) == 0 else {
            throw StoreError(message: "\(path): cannot be created: " + String(cString: strerror(errno)))
        }
    }

    /// Opens, builds and closes a database, so nothing holds it when it is renamed.
    private static func build(at path: String, _ build: (any EnforcementStore) throws -> Void) throws {
        let database = try SpatialDatabase(path: path)
        try build(database)
        try database.checkpoint()
    }

    private func requireExisting() throws {
        guard exists else {
            throw StoreError(message: "\(path): no such database; create it with `permitwatch init` or pass --db")
        }
    }
}
