import Foundation

/// An ISO 8601 week (Monday to Sunday), as planners name report weeks: `2020-W40`.
public struct ISOWeek: Sendable, Equatable, CustomStringConvertible {
    public let year: Int
    public let week: Int
    /// The week's Monday and Sunday as `YYYY-MM-DD`.
    public let monday: String
    public let sunday: String

    public init?(parsing text: String) {
        let parts = text.uppercased().split(separator: "-W")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let week = Int(parts[1]), week >= 1 else { return nil }
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var components = DateComponents()
        components.yearForWeekOfYear = year
        components.weekOfYear = week
        components.weekday = 2  // Monday
        guard let start = calendar.date(from: components),
            calendar.component(.weekOfYear, from: start) == week,
            calendar.component(.yearForWeekOfYear, from: start) == year,
            let end = calendar.date(byAdding: .day, value: 6, to: start)
        else { return nil }
        func iso(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return "\(c.year!)-\(c.month! < 10 ? "0" : "")\(c.month!)-\(c.day! < 10 ? "0" : "")\(c.day!)"
        }
        self.year = year
        self.week = week
        monday = iso(start)
        sunday = iso(end)
    }

    public var description: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }
}
