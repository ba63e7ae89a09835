import Hummingbird

/// The map page (`/map`, its script and style) and the Leaflet files it uses, which come from
/// Debian's libjs-leaflet package and are served by Hummingbird's `FileMiddleware` from where
/// the package installs them.
struct MapController: Sendable {
    static let leafletDirectory = "/usr/share/javascript/leaflet"

    func addRoutes(to router: RouterGroup<PermitWatchRequestContext>) {
        router.get("map", use: page)
        router.get("map/map.js") { _, _ in
            Responses.bytes(Array(MapAssets.script.utf8), contentType: "application/javascript; charset=utf-8", headers: [.cacheControl: "public, max-age=300"])
        }
        router.get("map/map.css") { _, _ in
            Responses.bytes(Array(MapAssets.css.utf8), contentType: "text/css; charset=utf-8", headers: [.cacheControl: "public, max-age=300"])
        }
        // A file the package has is served by the middleware; any other path under the folder
        // gets this route's 404, which says what to install.
        router.group("assets/leaflet")
            .add(middleware: FileMiddleware(Self.leafletDirectory, urlBasePath: "/assets/leaflet", cacheControl: .init([(MediaType(type: .any), [.public, .maxAge(86400)])])))
            .get("**", use: missing)
    }

    @Sendable func page(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        Responses.html(MapAssets.html)
    }

    @Sendable func missing(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let name = context.parameters.getCatchAll().joined(separator: "/")
        throw Problem.notFound("no asset named \(name) in \(Self.leafletDirectory); install Debian's libjs-leaflet package (scripts/setup.sh does)")
    }
}
