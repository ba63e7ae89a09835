import Foundation

/// The process's peak resident memory, resettable so each benchmark stage gets its own peak.
///
/// Linux keeps the high-water mark in /proc/self/status (VmHWM); writing 5 to
/// /proc/self/clear_refs resets it to the current resident size.
public enum PeakMemory {
    public static func reset() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Peak resident memory in bytes since the last reset (or since start).
    public static func current() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1024
        }
        return 0
    }
}
