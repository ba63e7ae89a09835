import Foundation
import GRDB
import Store

extension SpatialDatabase: AccessTokenStore {
    public func accessTokenKey() throws -> [UInt8]? {
        try read { db in try Self.storedKey(db) }
    }

    public func storeAccessToken(candidateKey: [UInt8], _ make: ([UInt8]) throws -> AccessTokenRecord) throws -> AccessTokenRecord {
        try write { db in
            let key = try Self.storedKey(db) ?? candidateKey
            let token = try make(key)
            let taken = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM access_tokens WHERE name = ? AND revoked_at IS NULL)", arguments: [token.name])
            guard taken != true else {
                throw StoreError(message: "a token named \"\(token.name)\" exists already; revoke it first (`permitwatch token revoke \(token.name)`) or choose another name")
            }
            try db.execute(
                sql: "INSERT INTO settings (key, value) VALUES ('access_token_key', ?) ON CONFLICT (key) DO NOTHING",
                arguments: [StoredValueEncoding.hex(key)])
            try db.execute(
                sql: "INSERT INTO access_tokens (id, name, role, secret_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [token.id, token.name, token.role.rawValue, token.secretHash, token.createdAt, token.revokedAt])
            return token
        }
    }

    public func accessTokens() throws -> [AccessTokenRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM access_tokens ORDER BY created_at, id").compactMap(Self.record)
        }
    }

    public func accessToken(id: String) throws -> AccessTokenRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE id = ?", arguments: [id]).flatMap(Self.record)
        }
    }

    public func revokeAccessToken(named name: String, at time: String) throws -> Bool {
        // Looked for first: a write that changes nothing would still move the generation on.
        let exists = try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM access_tokens WHERE name = ? AND revoked_at IS NULL)", arguments: [name])
        }
        guard exists == true else { return false }
        return try write { db in
            try db.execute(
                sql: "UPDATE access_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [time, name])
            return db.changesCount > 0
        }
    }

    private static func record(_ row: Row) -> AccessTokenRecord? {
        guard let role = AccessTokenRecord.Role(rawValue: row["role"]) else { return nil }
        return AccessTokenRecord(
            id: row["id"], name: row["name"], role: role, secretHash: row["secret_hash"], createdAt: row["created_at"],
            revokedAt: row["revoked_at"])
    }

    private static func storedKey(_ db: Database) throws -> [UInt8]? {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'access_token_key'") else { return nil }
        return try StoredValueEncoding.accessTokenKey(hex: text)
    }
}
