import Store

/// `permitwatch check`: whether a database is whole and consistent, each problem named.
///
/// Run after a crash, before serving a restored backup, or on a schedule: the file's integrity,
/// every spatial index against its table, every source placed in an area that exists (or
/// flagged), every status the replay of its events, and the schema's migrations.
public struct DatabaseCheck: Sendable {
    public typealias Storage = StoreMaintenance

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Every check, passed or not.
    public func run() throws -> [StoreCheck] { try store.verify() }

    /// The refusal a failed check ends in: the CLI's exit status 3, after the findings.
    public static func failure(_ checks: [StoreCheck]) -> Refusal? {
        let failed = checks.filter { !$0.passed }
        guard !failed.isEmpty else { return nil }
        return Refusal("\(failed.count) of \(checks.count) checks found problems: \(failed.map(\.kind.rawValue).joined(separator: ", "))", kind: .database)
    }
}
