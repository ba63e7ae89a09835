/// The one error type of the store: what failed, the database's result code, and the SQL
/// that ran.
///
/// Carrying the SQL makes a failure in a catalog query or a migration diagnosable from the
/// message alone, without a debugger. Every store implementation throws it, so the use cases
/// and the front ends map one type, whichever database stands behind the seam.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public var resultCode: Int32?
    public var message: String
    public var sql: String?
    /// Whether the database stopped the statement because its time limit passed.
    public var isInterruption: Bool
    /// How the result code is named in messages ("SQLite result code", "SQLSTATE").
    public var resultCodeName: String

    public init(
        resultCode: Int32? = nil, message: String, sql: String? = nil, isInterruption: Bool = false,
        resultCodeName: String = "result code"
    ) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
        self.isInterruption = isInterruption
        self.resultCodeName = resultCodeName
    }

    public var description: String {
        var text = message
        if let resultCode { text += " (\(resultCodeName) \(resultCode))" }
        if let sql { text += "\n  in SQL: \(sql)" }
        return text
    }
}
