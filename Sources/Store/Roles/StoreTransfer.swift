/// A whole store read out and written in, table by table: how `permitwatch copy` moves a
/// database between SpatiaLite and PostGIS, history and analyses included. A role of the store
/// (see `EnforcementStore`).
///
/// Values cross as `SQLValue`s, geometries as WKB (`TransferTable.ColumnKind`), so either store
/// reads what the other wrote without knowing it.
public protocol StoreTransfer: Sendable {
    /// Runs `body` with a reader of every table, all from one snapshot of the store.
    func readWholeStore<T>(_ body: (any StoreTableReader) throws -> T) throws -> T
    /// Fills this store, which must hold no register yet (just created), with every table's
    /// rows, in one transaction: `rows` is called once per table of `TransferTable.all`, in
    /// order, and hands each row to the closure it is given. The copy becomes generation
    /// `generation`, with every change log reset, whatever the rows' settings said.
    func fillWholeStore(generation: Int64, rows: (TransferTable, _ emit: ([SQLValue]) throws -> Void) throws -> Void) throws
}

/// The rows of a store's tables, inside `StoreTransfer.readWholeStore`.
public protocol StoreTableReader {
    /// Calls `each` with every row of `table`, in the order of its key, its values in the order
    /// of its columns (geometries as WKB).
    func rows(of table: TransferTable, _ each: ([SQLValue]) throws -> Void) throws
}
