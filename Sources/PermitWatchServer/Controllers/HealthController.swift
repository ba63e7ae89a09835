import GeoKit
import Hummingbird

/// `/health` for load balancers and `/metrics` for Prometheus.
struct HealthController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to router: RouterGroup<PermitWatchRequestContext>) {
        router.get("health", use: health)
        router.get("metrics", use: metrics)
    }

    /// 200 when the database answers, 503 when it does not.
    @Sendable func health(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let store = dependencies.store
        do {
            let generation = try await dependencies.workers.run(.read) { try store.dataGeneration() }
            return Responses.json(.object(JSONObject([("status", "ok"), ("generation", .number(Double(generation)))])), headers: [.cacheControl: "no-store"])
        } catch let busy as ServerBusy {
            throw busy
        } catch {
            throw Problem(status: .serviceUnavailable, title: "Unavailable", detail: "the database does not answer: \(error)")
        }
    }

    @Sendable func metrics(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let text = dependencies.metrics.exposition(pool: dependencies.store.connectionPoolUsage(), workers: dependencies.workers.usage)
        return Responses.bytes(Array(text.utf8), contentType: "text/plain; version=0.0.4; charset=utf-8", headers: [.cacheControl: "no-store"])
    }
}
