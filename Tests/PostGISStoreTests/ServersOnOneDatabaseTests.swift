import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
import TestSupport

/// `permitwatch serve` as real processes: one on a SpatiaLite file, two on one PostGIS schema
/// holding the same province. The OGC API pages (`numberMatched`, features, links) are the
/// same from all three, and a write through one PostGIS server is read through the other at
/// its next request.
@Suite(.requires(.postgres), .serialized)
struct ServersOnOneDatabaseTests {
    /// A running `permitwatch serve` on a free port; requests may come from several threads
    /// (its state is set once, at start).
    final class Server: @unchecked Sendable {
        let process = Process()
        let base: String

        init(database: String) throws {
            let binary = try #require(CommandComparisonTests.binary, "the permitwatch executable is not built beside the tests")
            process.executableURL = binary
            process.arguments = ["serve", "--db", database, "--port", "0", "--log-level", "warning"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var collected = Data()
            var found: String?
            let deadline = Date().addingTimeInterval(120)
            while found == nil, Date() < deadline, process.isRunning {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
                let text = String(decoding: collected, as: UTF8.self)
                if let range = text.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) { found = String(text[range]) }
            }
            guard let found else {
                process.terminate()
                throw StartFailure(output: String(decoding: collected, as: UTF8.self))
            }
            base = found
        }

        struct StartFailure: Error, CustomStringConvertible {
            let output: String
            var description: String { "the server did not start: \(output)" }
        }

        /// GET (or another method with a JSON body): the status and the body, the server's own
        /// address and the response's time stamp replaced, so bodies of two servers compare.
        func request(_ path: String, method: String = "GET", token: String? = nil, json: String? = nil) throws -> (status: Int, body: String) {
            var request = URLRequest(url: try #require(URL(string: base + path)))
            request.httpMethod = method
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            if let json {
                request.httpBody = Data(json.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            let done = DispatchSemaphore(value: 0)
            let answer = Mutex<(Int, Data)>((-1, Data()))
            URLSession.shared.dataTask(with: request) { data, response, _ in
                answer.withLock { $0 = ((response as? HTTPURLResponse)?.statusCode ?? -1, data ?? Data()) }
                done.signal()
            }.resume()
            #expect(done.wait(timeout: .now() + 120) == .success)
            let (status, data) = answer.withLock { $0 }
            let body = String(decoding: data, as: UTF8.self)
                .replacingOccurrences(of: base, with: "BASE")
                .replacingOccurrences(of: #""timeStamp":"[^"]*""#, with: #""timeStamp":"…""#, options: .regularExpression)
            return (status, body)
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
        }
    }

    @Test func pagesAreTheSameAndWritesReachTheOtherServer() throws {
        let province = try SharedProvince.load()
        let copy = try province.copy("postgis-servers")
        try PostGISTestStore.with { location in
            let url = location.url.description
            #expect(try CommandComparisonTests.run(["init", "--from", province.dataset.path], database: url).status == 0)
            for database in [copy.path, url] {
                #expect(try CommandComparisonTests.run(["clusters", "--eps", "1500", "--min-points", "3"], database: database).status == 0)
                #expect(try CommandComparisonTests.run(["hotspots", "--grid", "square:5000"], database: database).status == 0)
            }
            let spatialite = try Server(database: copy.path)
            let first = try Server(database: url), second = try Server(database: url)

            let paths = [
                "/collections",
                "/collections/sources",
                "/collections/sources/items?limit=50&offset=100",
                "/collections/sources/items?bbox=112.9,22.4,114.6,23.9&status=unlicensed&limit=20&offset=5",
                "/collections/sources/items?datetime=2020-06-01/2020-09-30&limit=30",
                "/collections/grids/items?bbox=113.2,23.0,113.4,23.2&limit=10",
                "/collections/clusters/items?limit=5",
                "/collections/hotspots/items?bbox=112.9,22.4,114.6,23.9&limit=10",
                "/collections/prefectures/items/4403",
                "/queries/unlicensed-by-town?prefecture=4403",
            ]
            for path in paths {
                let expected = try spatialite.request(path)
                #expect(expected.status == 200, "\(path): \(expected.body.prefix(300))")
                for server in [first, second] {
                    let answer = try server.request(path)
                    #expect(answer.status == expected.status, "\(path)")
                    #expect(answer.body == expected.body, "\(path) differs on PostGIS: \(answer.body.prefix(300))")
                }
            }

            // A status change through the first PostGIS server, read through the second.
            let token = try CommandComparisonTests.run(["token", "create", "--name", "field", "--role", "editor"], database: url)
            #expect(token.status == 0, "\(token.error)")
            let secret = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let page = try second.request("/collections/sources/items?status=unlicensed&limit=1")
            let id = try #require(page.body.range(of: #""id":"[^"]+""#, options: .regularExpression).map {
                String(page.body[$0].dropFirst(6).dropLast())
            })
            let before = try second.request("/collections/sources/items?status=unlicensed&limit=1")
            // A page around it through the second server, whose features that server now keeps.
            let position = try #require(page.body.range(of: #""coordinates":\[[-0-9.]+,[-0-9.]+\]"#, options: .regularExpression).map {
                page.body[$0].dropFirst(15).dropLast().split(separator: ",").compactMap { Double($0) }
            })
            let around = "/collections/sources/items?limit=1000&bbox=" + [position[0] - 0.02, position[1] - 0.02, position[0] + 0.02, position[1] + 0.02]
                .map { String($0) }.joined(separator: ",")
            let aroundBefore = try second.request(around)
            #expect(aroundBefore.body.contains(#""id":"\#(id)""#), "\(around): \(aroundBefore.body.prefix(300))")
            let changed = try first.request(
                "/sources/\(id)", method: "PATCH", token: secret,
                json: #"{"status":"rectifying","effective_date":"2021-01-04","deadline":"2021-03-01"}"#)
            #expect((200..<300).contains(changed.status), "\(changed.body)")
            let after = try second.request("/collections/sources/items/\(id)")
            #expect(after.body.contains(#""status":"rectifying""#), "\(after.body.prefix(400))")
            let recount = try second.request("/collections/sources/items?status=unlicensed&limit=1")
            func matched(_ body: String) -> Int? {
                body.range(of: #""numberMatched":\d+"#, options: .regularExpression).flatMap { Int(body[$0].dropFirst(16)) }
            }
            #expect(matched(recount.body) == matched(before.body).map { $0 - 1 })
            // The page around it, kept by the second server before the change, shows it too.
            let aroundAfter = try second.request(around)
            // Its geometry, then its properties up to the first object among them (status comes before).
            let feature = try #require(aroundAfter.body.range(
                of: #"\{"type":"Feature","id":"\#(id)","geometry":\{[^}]*\},"properties":\{[^{}]*"#, options: .regularExpression))
            #expect(aroundAfter.body[feature].contains(#""status":"rectifying""#), "\(aroundAfter.body[feature])")
            #expect(matched(aroundAfter.body) == matched(aroundBefore.body))
        }
    }
}
