/// A bearer token as the store keeps it: never the secret, only its keyed hash.
public struct AccessTokenRecord: Sendable, Equatable {
    /// What a token lets its holder do; each role can do what the ones before it can.
    public enum Role: String, Sendable, CaseIterable, Comparable {
        /// Reads, and the expensive ones (analytics on request, whole-province reports).
        case reader
        /// Writes: field records, route plans.
        case editor
        /// Everything, snapshot uploads included.
        case admin

        public static func < (a: Role, b: Role) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// The token's public part, which finds it (`pwt_ID_SECRET`); not a secret.
    public var id: String
    /// Who holds it: the name written into every event its holder makes.
    public var name: String
    public var role: Role
    /// HMAC-SHA256 of the secret part under the database's key, in hexadecimal.
    public var secretHash: String
    /// ISO 8601 UTC times.
    public var createdAt: String
    public var revokedAt: String?

    public init(id: String, name: String, role: Role, secretHash: String, createdAt: String, revokedAt: String? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
