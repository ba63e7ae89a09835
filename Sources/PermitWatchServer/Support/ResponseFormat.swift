import Hummingbird

/// The representation a client asked for: `f=` first, then the Accept header (a browser,
/// which prefers text/html, gets HTML; GIS clients and scripts get JSON).
enum ResponseFormat: String, Sendable {
    case json, geojson, html, csv

    static func negotiate(_ request: Request, allowed: [ResponseFormat], default fallback: ResponseFormat = .json) throws -> ResponseFormat {
        if let text = request.uri.queryParameters.get("f") {
            let name = text.lowercased()
            let aliases: [String: ResponseFormat] = ["application/json": .json, "application/geo+json": .geojson, "text/html": .html, "text/csv": .csv]
            guard let format = ResponseFormat(rawValue: name) ?? aliases[name], allowed.contains(format) || (format == .geojson && allowed.contains(.json)) else {
                throw Problem.badParameter("f", "f=\(text) is not offered here; expected one of \(allowed.map(\.rawValue).joined(separator: ", "))")
            }
            return format == .geojson && !allowed.contains(.geojson) ? .json : format
        }
        let accept = request.headers[.accept] ?? ""
        if allowed.contains(.html), accept.contains("text/html") { return .html }
        return fallback
    }
}

/// Absolute links back to this server, built from the Host the client used.
struct LinkBuilder: Sendable {
    let base: String

    init(_ request: Request) {
        let host = request.head.authority ?? "localhost"
        base = "http://\(host)"
    }

    func url(_ path: String, query: [(String, String)] = []) -> String {
        guard !query.isEmpty else { return base + path }
        return base + path + "?" + query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~,:")
        return set
    }()
}

import Foundation
