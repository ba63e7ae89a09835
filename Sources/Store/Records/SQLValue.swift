/// A value read from or bound to a database, without any database library's types leaking
/// past the store.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
