import Crypto
import Foundation
import Store

/// Bearer tokens: made (shown once), listed without their secrets, revoked, and checked when a
/// request presents one.
///
/// A token reads `pwt_ID_SECRET`: `ID` (12 hexadecimal digits) finds its row, `SECRET` (32
/// random bytes, base64url) proves it. The store keeps HMAC-SHA256 of the secret under a key of
/// the database's own (made with its first token), never the secret: a copy of the database
/// gives no usable token, and checking one costs a keyed hash, not a password hash's
/// deliberate slowness, which a server checking every request cannot afford. Secrets are 256
/// random bits, so they need no stretching against guessing.
public struct AccessTokens: Sendable {
    public typealias Storage = AccessTokenStore
    public typealias Role = AccessTokenRecord.Role

    /// A token just made: `token` is shown once and never again.
    public struct Created: Sendable {
        public let token: String
        public let record: AccessTokenRecord
    }

    static let prefix = "pwt_"

    let store: any Storage

    public init(store: any Storage) { self.store = store }

    /// Makes a token for `name` with `role`.
    ///
    /// - Throws: `ParameterError` (`name`) for an empty or unprintable name, or one a token
    ///   that is not revoked already has.
    public func create(name: String, role: Role, at time: Date = Date()) throws -> Created {
        let name = try Self.checkedName(name)
        let id = Self.randomBytes(6).map { String(format: "%02x", $0) }.joined()
        let secret = Self.base64URL(Self.randomBytes(32))
        let record: AccessTokenRecord
        do {
            record = try store.storeAccessToken(candidateKey: Self.randomBytes(32)) { key in
                AccessTokenRecord(id: id, name: name, role: role, secretHash: Self.hash(secret, key: key), createdAt: Timestamp.iso8601(time))
            }
        } catch let error as StoreError where error.resultCode == nil {
            throw ParameterError("name", name, error.message, kind: .rejected)
        }
        return Created(token: "\(Self.prefix)\(id)_\(secret)", record: record)
    }

    /// Every token, revoked ones included, without secrets.
    public func list() throws -> [AccessTokenRecord] { try store.accessTokens() }

    /// Revokes the token named `name`: from now on it is refused.
    ///
    /// - Throws: `Refusal` (not found) when no token that is not revoked has it.
    public func revoke(name: String, at time: Date = Date()) throws {
        guard try store.revokeAccessToken(named: name, at: Timestamp.iso8601(time)) else {
            throw Refusal("no token that is not revoked is named \"\(name)\" (`permitwatch token list` shows them)", kind: .notFound)
        }
    }

    /// The identity a presented token stands for; nil for anything that is not a valid token
    /// of this database (malformed, unknown, wrong secret, revoked), which a caller refuses
    /// without saying which, so that a guess learns nothing.
    public func identity(presenting token: String) throws -> AccessIdentity? {
        guard token.hasPrefix(Self.prefix) else { return nil }
        let parts = token.dropFirst(Self.prefix.count).split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 12, parts[0].allSatisfy(\.isHexDigit), parts[1].count == 43 else { return nil }
        guard let key = try store.accessTokenKey(), let record = try store.accessToken(id: String(parts[0])),
            record.revokedAt == nil
        else { return nil }
        let presented = Array(Self.hash(String(parts[1]), key: key).utf8), stored = Array(record.secretHash.utf8)
        guard presented.count == stored.count else { return nil }
        // Constant time: every byte compared, whatever the first difference.
        var difference: UInt8 = 0
        for (a, b) in zip(presented, stored) { difference |= a ^ b }
        return difference == 0 ? AccessIdentity(name: record.name, role: record.role) : nil
    }

    static func hash(_ secret: String, key: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(secret.utf8), using: SymmetricKey(data: key))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A name people can read in a list and an event: 1 to 64 characters, no control characters.
    static func checkedName(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ParameterError("name", name, "expected 1 to 64 printable characters (who holds the token: a person or a system)")
        }
        return trimmed
    }
}
