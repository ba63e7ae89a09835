import Foundation
import PostGISStore
import Store
import Testing
import TestSupport

/// A PostGIS store of a test's own: a new schema in the test server's database
/// (`$PERMITWATCH_TEST_POSTGRES`), dropped when the test is done.
struct PostGISTestStore {
    let location: PostGISLocation

    init() throws {
        try Requirement.postgres.require()
        let schema = "permitwatch_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        location = PostGISLocation(url: try PostgresURL(parsing: "\(Self.withoutQuery(TestEnvironment.postgresURL ?? ""))?schema=\(schema)"))
    }

    /// Runs `body` with the location, then drops the schema whatever happened.
    static func with<T>(_ body: (PostGISLocation) throws -> T) throws -> T {
        let store = try PostGISTestStore()
        defer { try? store.location.remove() }
        return try body(store.location)
    }

    private static func withoutQuery(_ url: String) -> String {
        url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
    }
}
