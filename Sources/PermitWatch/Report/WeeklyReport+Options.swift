extension WeeklyReport {
    public enum Grid: Sendable, Equatable, CustomStringConvertible {
        case admin
        case square(size: Int)

        /// `admin` or `square:SIZE` (whole metres); errors name the parameter.
        public init(parsing text: String) throws {
            if text == "admin" {
                self = .admin
            } else if text.hasPrefix("square:"), let size = Int(text.dropFirst(7)), size > 0, size <= 1_000_000 {
                self = .square(size: size)
            } else {
                throw ParameterError("grid", text, "expected admin or square:METRES (e.g. square:1000)")
            }
        }

        public var description: String {
            switch self {
            case .admin: "admin"
            case .square(let size): "square:\(size)"
            }
        }
    }

    public struct Options: Sendable, Equatable {
        /// The week; nil for the last complete week of the data.
        public var week: ReportWeek?
        public var grid = Grid.admin
        public var area: String?
        public var inspectionWeeks = 4
        /// Whether to read the grid polygons (GeoJSON, HTML).
        public var outlines = false

        public init() {}

        /// The options as the user wrote them: the one parser both front ends use; nil keeps
        /// the default.
        ///
        /// - Throws: `ParameterError` naming the parameter and what was expected.
        public init(week: String?, grid: String?, area: String?, inspectionWeeks: Int?) throws {
            if let week {
                guard let parsed = ReportWeek(parsing: week) else {
                    throw ParameterError("week", week, "expected an ISO week such as 2020-W40")
                }
                self.week = parsed
            }
            if let grid { self.grid = try Grid(parsing: grid) }
            self.area = area?.isEmpty == true ? nil : area
            if let inspectionWeeks {
                guard (1...104).contains(inspectionWeeks) else {
                    throw ParameterError("inspection_weeks", String(inspectionWeeks), "expected a whole number of weeks from 1 to 104")
                }
                self.inspectionWeeks = inspectionWeeks
            }
        }
    }
}
