import Foundation

/// A started clock measuring against a `SearchLimit`.
struct SearchClock {
    private let start = DispatchTime.now().uptimeNanoseconds
    private let limitNanoseconds: UInt64?
    private let iterationLimit: Int?

    /// Read the clock every `checkEvery` iterations (a power of two): every 16 for cheap
    /// iterations such as the tour's kicks, every one for the planner's heavier ones.
    private let checkMask: Int

    init(_ limit: SearchLimit, checkEvery: Int = 16) {
        checkMask = max(1, checkEvery) - 1
        limitNanoseconds = limit.seconds.map { UInt64(max(0, $0) * 1e9) }
        iterationLimit = limit.iterations
        precondition(limit.seconds != nil || limit.iterations != nil, "a search needs a time or an iteration limit")
    }

    var elapsedSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// True when the search should stop before iteration `iteration` (0-based).
    /// The clock is read every `checkEvery` iterations only, which keeps it out of the hot loop.
    @inline(__always)
    func isExhausted(at iteration: Int) -> Bool {
        if let iterationLimit, iteration >= iterationLimit { return true }
        return iteration & checkMask == 0 && isOutOfTime
    }

    /// True once the time budget is spent; never with an iteration limit alone, so that an
    /// iteration-limited search stays reproducible. The loops inside one iteration (local
    /// search moves, insertions, passes over the routes) ask this every few hundred
    /// microseconds of work, so that no iteration, however large the instance, can run on
    /// past the budget by more than that.
    var isOutOfTime: Bool {
        guard let limitNanoseconds else { return false }
        return DispatchTime.now().uptimeNanoseconds - start >= limitNanoseconds
    }
}
