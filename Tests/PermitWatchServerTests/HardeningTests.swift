import Foundation
import GeoKit
import Hummingbird
import HummingbirdTesting
import PermitWatch
import PermitWatchServer
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What fuzzing the API (`scripts/fuzz-http.sh`) and the pathological requests
/// (`scripts/pathological-requests.sh`) found, each kept fixed: parameters that crashed the
/// server, and connections a client could hold for ever.
@Suite("Hardening")
struct HardeningTests {
    /// `eps=5e-324` divided the plane into more cells than an Int counts: the server crashed
    /// (found by schemathesis). Radii and cell sizes are bounded, and refused with a problem
    /// document naming the parameter.
    @Test func radiiAndCellSizesBeyondTheirBoundsAreRefusedNotCrashed() async throws {
        try await ServerFixture.withClient(token: .reader) { client in
            for (uri, parameter) in [
                ("/analytics/clusters?eps=5e-324", "eps"), ("/analytics/clusters?eps=1e-300", "eps"), ("/analytics/clusters?eps=1e300", "eps"),
                ("/analytics/clusters?eps=0.001", "eps"), ("/analytics/hotspots?grid=square:1e300", "grid"),
                ("/analytics/hotspots?grid=square:5e-324", "grid"), ("/analytics/hotspots?neighbours=band:1e300", "neighbours"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri): \(response.text)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                #expect(try response.json()["parameter"]?.stringValue == parameter, "\(uri): \(response.text)")
            }
            // The bounds themselves are accepted.
            let smallest = try await client.execute(uri: "/analytics/clusters?eps=0.01&f=json", method: .get)
            #expect(smallest.status == .ok, "\(smallest.text)")
            // (1,000 km cells are accepted, and then refused because too few have sources.)
            let largest = try await client.execute(uri: "/analytics/hotspots?grid=square:1000000&f=json", method: .get)
            #expect(try largest.json()["parameter"] == nil, "\(largest.text)")
        }
        #expect(throws: ParameterError.self) { try ClusterAnalysis.Options(statuses: nil, area: nil, eps: 1e-9, minPoints: nil, concaveHull: false, asOf: nil) }
    }

    /// The API document names every representation `f=` selects, so a client (and
    /// schemathesis's content-type check) finds HTML, CSV and the others documented.
    @Test func theAPIDocumentNamesEveryRepresentation() async throws {
        try await ServerFixture.withClient { client in
            let document = try await client.execute(uri: "/api", method: .get).json()
            func types(_ path: String, _ method: String = "get") -> Set<String> {
                Set(document["paths"]?[path]?[method]?["responses"]?["200"]?["content"]?.objectValue?.map(\.key) ?? [])
            }
            #expect(types("/").contains("text/html; charset=utf-8"))
            #expect(types("/collections/sources/items") == ["application/geo+json", "text/html; charset=utf-8"])
            #expect(types("/analytics/clusters") == ["application/geo+json", "application/json", "text/csv; charset=utf-8; header=present"])
            #expect(types("/reports/weekly").contains("text/markdown; charset=utf-8"))
            #expect(types("/analytics/routes", "post").contains("application/gpx+xml"))
            #expect(types("/queries/source-history").contains("text/csv; charset=utf-8; header=present"))
        }
    }

    /// Headers that never finish (a byte now and then) and an idle keep-alive connection are
    /// closed after `--idle-timeout`; others are answered meanwhile.
    @Test(.timeLimit(.minutes(2))) func idleConnectionsAndUnfinishedHeadersAreClosed() throws {
        let fixture = try ServerFixture.load()
        let server = try ServerProcess(database: fixture.path, arguments: ["--idle-timeout", "1"])
        defer { #expect(server.stop() == 0) }
        let idle = try RawConnection(port: server.port)
        let dribbling = try RawConnection(port: server.port)
        try dribbling.send("GET /health HTTP/1.1\r\nHo")
        // A complete request on another connection is answered at once.
        let other = try RawConnection(port: server.port)
        try other.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.receiveHead(within: 10).hasPrefix("HTTP/1.1 200"))
        let start = Date()
        #expect(try idle.receiveAll(within: 10).isEmpty, "an idle connection is closed without an answer")
        #expect(try dribbling.receiveAll(within: 10).isEmpty)
        #expect(Date().timeIntervalSince(start) < 8, "closed after the idle timeout of 1 s")
    }

    /// A body sent a byte a second gets 408 after `--body-timeout`, and the connection is
    /// closed; a refusal sent before the body was read (401 here) closes the connection too,
    /// instead of reading the rest of the body first.
    @Test(.timeLimit(.minutes(2))) func slowBodiesGet408AndRefusedBodiesAreNotRead() throws {
        let fixture = try ServerFixture.load()
        let token = try ServerFixture.token(.editor)
        let server = try ServerProcess(database: fixture.path, arguments: ["--body-timeout", "1", "--idle-timeout", "30"])
        defer { #expect(server.stop() == 0) }
        let slow = try RawConnection(port: server.port)
        try slow.send(
            "POST /sources/GD0000001/inspections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"da")
        let start = Date()
        let answer = try slow.receiveAll(within: 20)
        #expect(answer.hasPrefix("HTTP/1.1 408"), "\(answer)")
        #expect(answer.lowercased().contains("connection: close"), "\(answer)")
        #expect(answer.contains("application/problem+json"), "\(answer)")
        #expect(Date().timeIntervalSince(start) < 10)

        let refused = try RawConnection(port: server.port)
        try refused.send("POST /sources/GD0000001/inspections HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{}")
        let refusal = try refused.receiveAll(within: 20)
        #expect(refusal.hasPrefix("HTTP/1.1 401"), "\(refusal)")
        #expect(refusal.lowercased().contains("connection: close"), "\(refusal)")
    }

    /// A request answered after its body was read keeps its connection open (keep-alive).
    @Test func aReadBodyKeepsTheConnection() throws {
        let fixture = try ServerFixture.load()
        let server = try ServerProcess(database: fixture.path)
        defer { _ = server.stop() }
        let connection = try RawConnection(port: server.port)
        for _ in 0..<2 {
            try connection.send("POST /collections HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
            let head = try connection.receiveHead(within: 10)
            #expect(head.hasPrefix("HTTP/1.1 405"), "\(head)")
        }
    }
}

/// A TCP connection to the server on the loopback address, for what an HTTP client library
/// will not do: send part of a request, or nothing, and see when the server closes.
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ServerProcessError(message: "cannot connect to port \(port): errno \(errno)") }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            throw ServerProcessError(message: "send failed: errno \(errno)")
        }
    }

    /// Everything the server sends until it closes the connection (empty: closed with no
    /// answer); throws when it neither sends nor closes within `seconds`.
    func receiveAll(within seconds: Double) throws -> String {
        try receive(within: seconds) { _ in false }
    }

    /// The response's status line and headers (the body, if any, is left unread).
    func receiveHead(within seconds: Double) throws -> String {
        try receive(within: seconds) { $0.contains("\r\n\r\n") }
    }

    private func receive(within seconds: Double, until done: (String) -> Bool) throws -> String {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return String(decoding: received, as: UTF8.self) }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            if done(text) { return text }
        }
        throw ServerProcessError(message: "neither an answer nor a close within \(seconds) s: \(String(decoding: received, as: UTF8.self))")
    }
}
