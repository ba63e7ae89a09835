import Foundation

/// Times the steps of a generation: each step's wall time for the summary, and a line for
/// whoever watches the progress as soon as the step ends.
struct StepTimer {
    private let clock = ContinuousClock()
    private let progress: ((String) -> Void)?
    /// The steps run so far, in order.
    private(set) var finished: [GeneratedDatasetSummary.Step] = []

    init(progress: ((String) -> Void)?) { self.progress = progress }

    mutating func run<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = clock.now
        let value = try body()
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        finished.append(.init(name: name, seconds: seconds))
        progress?(String(format: "%@: %.2f s", name, seconds))
        return value
    }
}
