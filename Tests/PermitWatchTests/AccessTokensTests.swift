import Foundation
import PermitWatch
import SpatiaLiteStore
import Store
import Testing

/// Bearer tokens made, listed, checked and revoked through the use case, on a real store.
@Suite("Access tokens")
struct AccessTokensTests {
    @Test func aTokenIsShownOnceAndStoredOnlyAsAKeyedHash() throws {
        let db = try TemporaryDatabase()
        let tokens = AccessTokens(store: db.database)
        let created = try tokens.create(name: "officer Li", role: .editor)
        // pwt_ID_SECRET: 12 hexadecimal digits, 43 base64url characters (256 bits).
        let parts = created.token.split(separator: "_")
        #expect(created.token.hasPrefix("pwt_") && parts.count >= 3)
        let secret = String(created.token.dropFirst("pwt_".count + 13))
        #expect(created.record.id == String(parts[1]) && secret.count == 43)
        #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        // The store holds HMAC-SHA256, not the secret: nowhere in the file or its WAL.
        #expect(created.record.secretHash.count == 64 && created.record.secretHash != secret)
        try db.database.checkpoint()
        for bytes in db.fileBytes() {
            #expect(bytes.range(of: Data(secret.utf8)) == nil)
            #expect(bytes.range(of: Data(secret.prefix(16).utf8)) == nil)
        }
        #expect(try tokens.list().map(\.name) == ["officer Li"])
        #expect(try tokens.identity(presenting: created.token) == AccessIdentity(name: "officer Li", role: .editor))
    }

    @Test func onlyTheExactTokenOfThisDatabaseIsValid() throws {
        let db = try TemporaryDatabase(), other = try TemporaryDatabase()
        let tokens = AccessTokens(store: db.database)
        let token = try tokens.create(name: "qgis", role: .reader).token
        let foreign = try AccessTokens(store: other.database).create(name: "qgis", role: .admin).token
        var altered = Array(token)
        altered[altered.count - 5] = altered[altered.count - 5] == "A" ? "B" : "A"
        for presented in [foreign, String(altered), String(token.dropLast()), token + "A", "pwt_" + token.dropFirst(4).uppercased(), "", "Bearer " + token] {
            #expect(try tokens.identity(presenting: presented) == nil, "\(presented)")
        }
        // A database that never made a token accepts none.
        let empty = try TemporaryDatabase()
        #expect(try AccessTokens(store: empty.database).identity(presenting: token) == nil)
        #expect(try empty.database.accessTokenKey() == nil)
    }

    @Test func revokingRefusesTheTokenAndFreesTheName() throws {
        let db = try TemporaryDatabase()
        let tokens = AccessTokens(store: db.database)
        let first = try tokens.create(name: "grid 12", role: .editor)
        let before = db.fileBytes()
        #expect {
            _ = try tokens.create(name: "grid 12", role: .reader)
        } throws: { error in
            (error as? ParameterError)?.name == "name" && (error as? ParameterError)?.kind == .rejected
        }
        #expect(throws: (any Error).self) { try tokens.revoke(name: "grid 13") }
        #expect(db.fileBytes() == before, "a refused token command wrote")
        try tokens.revoke(name: "grid 12")
        #expect(try tokens.identity(presenting: first.token) == nil)
        #expect(try tokens.list().first?.revokedAt != nil)
        #expect {
            try tokens.revoke(name: "grid 12")
        } throws: { error in
            ErrorKind.of(error) == .notFound
        }
        let second = try tokens.create(name: "grid 12", role: .reader)
        #expect(try tokens.identity(presenting: second.token)?.role == .reader)
        #expect(try tokens.list().count == 2)
    }

    @Test func rolesIncludeTheOnesBelowThem() {
        let editor = AccessIdentity(name: "e", role: .editor)
        #expect(editor.holds(.reader) && editor.holds(.editor) && !editor.holds(.admin))
        #expect(AccessIdentity(name: "a", role: .admin).holds(.editor))
        #expect(!AccessIdentity(name: "r", role: .reader).holds(.editor))
    }

    @Test func aNameMustBeReadable() throws {
        let db = try TemporaryDatabase()
        for name in ["", "   ", String(repeating: "x", count: 65), "tab\there"] {
            #expect(throws: ParameterError.self) { _ = try AccessTokens(store: db.database).create(name: name, role: .reader) }
        }
    }
}
