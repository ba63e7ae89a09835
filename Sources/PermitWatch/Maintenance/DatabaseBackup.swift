import Foundation
import FileWriting
import Store

/// `permitwatch backup FILE`: a consistent copy of the database while the server and ingests go
/// on, put in place whole or not at all.
///
/// The store copies one snapshot (SQLite's online backup) into a new file beside the target;
/// only a complete copy is renamed over it, so an interrupted backup leaves the previous one.
public struct DatabaseBackup: Sendable {
    public typealias Storage = StoreMaintenance

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Copies the database to `path`, replacing a file there; returns the copy's size in bytes.
    public func run(to path: String) throws -> Int64 {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ParameterError("file", path, "its folder \(directory.path) does not exist", kind: .rejected)
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ParameterError("file", path, "is a folder; name the backup's file", kind: .rejected)
        }
        let partial = directory.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)").path
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: partial + suffix) } }
        try store.backup(to: partial)
        guard rename(partial, path) == 0 else {
            throw OutputFileError(path: path, option: "file", reason: String(cString: strerror(errno)))
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
