/// The bearer tokens the server accepts, with the key their secrets are hashed under: a role of
/// the store (see `EnforcementStore`).
///
/// The key lives with the data it guards, so a copied database keeps its tokens working and
/// another database never accepts them.
public protocol AccessTokenStore: Sendable {
    /// The key tokens are hashed under, nil while no token was ever made (then no token can
    /// be valid).
    func accessTokenKey() throws -> [UInt8]?
    /// Stores the token `make` builds with the database's key, in one transaction: the key is
    /// `candidateKey`, stored with it, when the database has none yet (its first token).
    /// Returns the stored token.
    ///
    /// - Throws: `StoreError` when a token that is not revoked already has its name; nothing
    ///   is written then.
    func storeAccessToken(candidateKey: [UInt8], _ make: ([UInt8]) throws -> AccessTokenRecord) throws -> AccessTokenRecord
    /// Every token, revoked ones included, oldest first.
    func accessTokens() throws -> [AccessTokenRecord]
    /// The token with this public id, revoked or not.
    func accessToken(id: String) throws -> AccessTokenRecord?
    /// Revokes the token with this name (not yet revoked) at `time`; false, and nothing
    /// written, when there is none.
    func revokeAccessToken(named name: String, at time: String) throws -> Bool
}
