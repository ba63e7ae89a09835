import Foundation
import GeoKit
import Hummingbird

/// Small, whole responses: JSON documents, HTML pages, text.
enum Responses {
    static func json(_ value: JSONValue, contentType: String = "application/json", headers extra: HTTPFields = [:]) -> Response {
        bytes(encode(value), contentType: contentType, headers: extra)
    }

    static func html(_ page: String, headers extra: HTTPFields = [:]) -> Response {
        bytes(Array(page.utf8), contentType: "text/html; charset=utf-8", headers: extra)
    }

    static func bytes(_ bytes: [UInt8], contentType: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        buffer(ByteBuffer(bytes: bytes), contentType: contentType, status: status, headers: extra)
    }

    /// A body kept as a buffer (a cached page or report): sent without another copy.
    static func buffer(_ buffer: ByteBuffer, contentType: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// Metadata that changes only with the data: an ETag from the store's generation and the
    /// document itself, a short `Cache-Control`, and `304 Not Modified` when the client has it.
    static func cached(_ bytes: [UInt8], contentType: String, generation: Int64, request: Request) -> Response {
        var hasher = FNV1a()
        hasher.add(bytes)
        let tag = "W/\"\(generation)-\(String(hasher.value, radix: 16))\""
        // The same URL answers JSON or HTML by the Accept header: caches must keep both apart.
        let headers: HTTPFields = [.eTag: tag, .cacheControl: "public, max-age=60", .vary: "Accept"]
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" })
        {
            return Response(status: .notModified, headers: headers, body: ResponseBody())
        }
        return Self.bytes(bytes, contentType: contentType, headers: headers)
    }

    /// A JSON document as bytes.
    static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = GeoJSONWriter()
        writer.writeJSON(value)
        writer.writeRaw("\n")
        return writer.bytes
    }

    /// FNV-1a, 64-bit: stable across runs (Swift's Hasher is seeded per process).
    private struct FNV1a {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01b3
            }
        }
    }
}
