import Foundation

/// RFC 3339 UTC time stamps (`2020-03-01T08:00:00Z`): the server's `timeStamp` members, and
/// when a token was made or revoked; without a formatter object per call.
public enum Timestamp {
    public static func now() -> String { iso8601(Date()) }

    public static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
