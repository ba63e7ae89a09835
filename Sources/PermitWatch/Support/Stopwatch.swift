import Foundation

/// Wall-clock timing for progress reports and the benchmark.
public struct Stopwatch: Sendable {
    private var last: UInt64

    public init() { last = DispatchTime.now().uptimeNanoseconds }

    /// Seconds since the previous lap (or since creation), and starts the next lap.
    public mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
