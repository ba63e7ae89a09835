import Foundation
import PostgresNIO
import Store

extension PostGISDatabase {
    public func accessTokenKey() throws -> [UInt8]? {
        try read { db in try Self.storedKey(db) }
    }

    /// Writers from every process are serialized by the generation's row lock (`write`), taken
    /// first: the key read here is the one any earlier writer committed.
    public func storeAccessToken(candidateKey: [UInt8], _ make: ([UInt8]) throws -> AccessTokenRecord) throws -> AccessTokenRecord {
        try write { db in
            let key = try Self.storedKey(db) ?? candidateKey
            let token = try make(key)
            let taken = try db.value(
                Bool.self, "SELECT EXISTS (SELECT 1 FROM access_tokens WHERE name = $1 AND revoked_at IS NULL)", [.text(token.name)])
            guard taken != true else {
                throw StoreError(message: "a token named \"\(token.name)\" exists already; revoke it first (`permitwatch token revoke \(token.name)`) or choose another name")
            }
            try db.execute(
                "INSERT INTO settings (key, value) VALUES ('access_token_key', $1) ON CONFLICT (key) DO NOTHING", [.text(StoredValueEncoding.hex(key))])
            try db.execute(
                "INSERT INTO access_tokens (id, name, role, secret_hash, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6)",
                [.text(token.id), .text(token.name), .text(token.role.rawValue), .text(token.secretHash), .text(token.createdAt), .text(token.revokedAt)])
            return token
        }
    }

    public func accessTokens() throws -> [AccessTokenRecord] {
        try read { db in
            try db.rows(#"SELECT id, name, role, secret_hash, created_at, revoked_at FROM access_tokens ORDER BY created_at COLLATE "C", id COLLATE "C""#, [], Self.record)
                .compactMap { $0 }
        }
    }

    public func accessToken(id: String) throws -> AccessTokenRecord? {
        try read { db in
            try db.rows("SELECT id, name, role, secret_hash, created_at, revoked_at FROM access_tokens WHERE id = $1", [.text(id)], Self.record)
                .first ?? nil
        }
    }

    public func revokeAccessToken(named name: String, at time: String) throws -> Bool {
        // Looked for first: a write that changes nothing would still move the generation on.
        let exists = try read { db in
            try db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM access_tokens WHERE name = $1 AND revoked_at IS NULL)", [.text(name)])
        }
        guard exists == true else { return false }
        return try write { db in
            try db.rows(
                "UPDATE access_tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL RETURNING id", [.text(time), .text(name)]
            ) { row in try row.cell(0).decode(String.self) }.count > 0
        }
    }

    @Sendable private static func record(_ row: PostgresRow) throws -> AccessTokenRecord? {
        var cells = CellReader(row)
        let id = try cells.text() ?? "", name = try cells.text() ?? ""
        guard let role = AccessTokenRecord.Role(rawValue: try cells.text() ?? "") else { return nil }
        return AccessTokenRecord(
            id: id, name: name, role: role, secretHash: try cells.text() ?? "", createdAt: try cells.text() ?? "", revokedAt: try cells.text())
    }

    private static func storedKey(_ db: PostgresTransaction) throws -> [UInt8]? {
        guard let text = try db.value(String.self, "SELECT value FROM settings WHERE key = 'access_token_key'") else { return nil }
        return try StoredValueEncoding.accessTokenKey(hex: text)
    }
}
