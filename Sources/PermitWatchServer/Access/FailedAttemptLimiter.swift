import Foundation
import NIOConcurrencyHelpers

/// Counts refused bearer tokens per client address and shuts out an address that keeps
/// guessing: after `limit` failures within `window` seconds, every request it makes with a
/// token is answered 429 until the window has passed since its first counted failure.
///
/// Bounded: at most `maximumAddresses` are remembered; past that the oldest windows are
/// dropped first, so a flood of addresses costs memory for that many only.
final class FailedAttemptLimiter: Sendable {
    let limit: Int
    let window: Double
    let maximumAddresses: Int
    private let state = NIOLockedValueBox([String: (first: Double, failures: Int)]())

    init(limit: Int = 10, window: Double = 60, maximumAddresses: Int = 10_000) {
        self.limit = limit
        self.window = window
        self.maximumAddresses = maximumAddresses
    }

    /// The seconds `address` must wait before trying again, nil when it may try now.
    func waitBeforeTrying(_ address: String, now: Double = Date().timeIntervalSince1970) -> Int? {
        state.withLockedValue { entries in
            guard let entry = entries[address] else { return nil }
            if now - entry.first >= window {
                entries[address] = nil
                return nil
            }
            return entry.failures >= limit ? max(1, Int((entry.first + window - now).rounded(.up))) : nil
        }
    }

    /// Counts a refused token from `address`.
    func recordFailure(_ address: String, now: Double = Date().timeIntervalSince1970) {
        state.withLockedValue { entries in
            if var entry = entries[address], now - entry.first < window {
                entry.failures += 1
                entries[address] = entry
                return
            }
            if entries.count >= maximumAddresses {
                // Drop the oldest tenth at once, so a flood does not sort on every request.
                let oldest = entries.sorted { $0.value.first < $1.value.first }.prefix(max(1, maximumAddresses / 10))
                for (key, _) in oldest { entries[key] = nil }
            }
            entries[address] = (now, 1)
        }
    }
}
