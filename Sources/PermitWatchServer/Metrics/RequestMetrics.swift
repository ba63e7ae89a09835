import Foundation
import Store

/// Request counts and latency histograms per route, written in the Prometheus text format.
///
/// Kept here rather than through the process-wide swift-metrics bootstrap so that every
/// application (each test builds its own) has its own figures.
final class RequestMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private struct Key: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [Key: Int] = [:]
    private var latency: [String: Histogram] = [:]
    private var inFlight = 0

    func started() {
        lock.lock()
        inFlight += 1
        lock.unlock()
    }

    func finished(route: String, method: String, status: Int, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        inFlight -= 1
        requests[Key(route: route, method: method, status: status), default: 0] += 1
        var histogram = latency[route] ?? Histogram()
        if let bucket = Self.buckets.firstIndex(where: { seconds <= $0 }) { histogram.counts[bucket] += 1 }
        histogram.sum += seconds
        histogram.count += 1
        latency[route] = histogram
    }

    /// The exposition: requests by route, method and status; the latency histogram by route;
    /// requests in flight; the store's connection pool.
    func exposition(pool: ConnectionPoolUsage, workers: [(gate: String, running: Int, waiting: Int)]) -> String {
        lock.lock()
        defer { lock.unlock() }
        var out = "# HELP permitwatch_http_requests_total HTTP requests answered, by route, method and status.\n"
        out += "# TYPE permitwatch_http_requests_total counter\n"
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "permitwatch_http_requests_total{route=\"\(Self.label(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP permitwatch_http_request_duration_seconds Time to answer a request (to the response head), by route.\n"
        out += "# TYPE permitwatch_http_request_duration_seconds histogram\n"
        for (route, histogram) in latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            let label = Self.label(route)
            for (index, bound) in Self.buckets.enumerated() {
                cumulative += histogram.counts[index]
                out += "permitwatch_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "permitwatch_http_request_duration_seconds_bucket{route=\"\(label)\",le=\"+Inf\"} \(histogram.count)\n"
            out += "permitwatch_http_request_duration_seconds_sum{route=\"\(label)\"} \(histogram.sum)\n"
            out += "permitwatch_http_request_duration_seconds_count{route=\"\(label)\"} \(histogram.count)\n"
        }
        out += "# HELP permitwatch_http_requests_in_flight Requests being answered now.\n"
        out += "# TYPE permitwatch_http_requests_in_flight gauge\n"
        out += "permitwatch_http_requests_in_flight \(inFlight)\n"
        out += "# HELP permitwatch_worker_jobs_running Requests doing blocking work on a worker thread now, by gate.\n"
        out += "# TYPE permitwatch_worker_jobs_running gauge\n"
        for usage in workers { out += "permitwatch_worker_jobs_running{gate=\"\(usage.gate)\"} \(usage.running)\n" }
        out += "# HELP permitwatch_worker_jobs_waiting Requests waiting for a worker thread now, by gate.\n"
        out += "# TYPE permitwatch_worker_jobs_waiting gauge\n"
        for usage in workers { out += "permitwatch_worker_jobs_waiting{gate=\"\(usage.gate)\"} \(usage.waiting)\n" }
        out += "# HELP permitwatch_db_reads_in_flight Database reads running now.\n"
        out += "# TYPE permitwatch_db_reads_in_flight gauge\n"
        out += "permitwatch_db_reads_in_flight \(pool.readsInFlight)\n"
        out += "# HELP permitwatch_db_readers_max Reader connections in the pool.\n"
        out += "# TYPE permitwatch_db_readers_max gauge\n"
        out += "permitwatch_db_readers_max \(pool.maximumReaders)\n"
        out += "# HELP permitwatch_db_reads_total Database reads since the server started.\n"
        out += "# TYPE permitwatch_db_reads_total counter\n"
        out += "permitwatch_db_reads_total \(pool.readsTotal)\n"
        return out
    }

    private static func label(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
