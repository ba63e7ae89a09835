import PostgresNIO
import Store

extension StoreError {
    /// A PostgreSQL failure as the store's one error: the server's message, detail and hint,
    /// its SQLSTATE, and the SQL that ran.
    init(postgres error: any Error, sql: String? = nil, context: String? = nil) {
        if let existing = error as? StoreError {
            self = existing
            return
        }
        var message: String
        var state: String?
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo {
                message = info[.message] ?? "\(psql.code)"
                if let detail = info[.detail] { message += " (\(detail))" }
                if let hint = info[.hint] { message += "; hint: \(hint)" }
                state = info[.sqlState]
            } else {
                message = "\(psql.code)"
                if let underlying = psql.underlying { message += ": \(underlying)" }
            }
        } else if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? transaction.rollbackError
            self = inner.map { StoreError(postgres: $0, sql: sql, context: context) } ?? StoreError(message: "\(error)", sql: sql)
            return
        } else {
            message = "\(error)"
        }
        if let context { message = context + ": " + message }
        if let state { message += " [SQLSTATE \(state)]" }
        self.init(message: message, sql: sql, isInterruption: state == "57014", resultCodeName: "SQLSTATE")
    }
}
