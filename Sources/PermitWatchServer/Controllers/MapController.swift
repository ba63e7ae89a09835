import Foundation
import Hummingbird

/// The map page (`/map`, its script and style) and the Leaflet files it uses, which come from
/// Debian's libjs-leaflet package and are served from where it installs them.
struct MapController: Sendable {
    static let leafletDirectory = "/usr/share/javascript/leaflet"
    /// The Leaflet files the page may ask for; nothing else under the directory is served.
    static let leafletFiles: [String: String] = [
        "leaflet.js": "application/javascript", "leaflet.css": "text/css",
        "images/layers.png": "image/png", "images/layers-2x.png": "image/png",
        "images/marker-icon.png": "image/png", "images/marker-icon-2x.png": "image/png", "images/marker-shadow.png": "image/png",
    ]

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("map", use: page)
        router.get("map/map.js") { _, _ in
            Responses.bytes(Array(MapAssets.script.utf8), contentType: "application/javascript; charset=utf-8", headers: [.cacheControl: "public, max-age=300"])
        }
        router.get("map/map.css") { _, _ in
            Responses.bytes(Array(MapAssets.css.utf8), contentType: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=300"])
        }
        router.get("assets/leaflet/**", use: leaflet)
    }

    @Sendable func page(_ request: Request, context: BasicRequestContext) async throws -> Response {
        Responses.html(MapAssets.html)
    }

    @Sendable func leaflet(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let name = context.parameters.getCatchAll().joined(separator: "/")
        guard let type = Self.leafletFiles[name] else { throw Problem.notFound("no asset named \(name)") }
        let path = Self.leafletDirectory + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem.notFound("\(path) is missing; install Debian's libjs-leaflet package (scripts/setup.sh does)")
        }
        return Responses.bytes([UInt8](data), contentType: type, headers: [.cacheControl: "public, max-age=86400"])
    }
}
