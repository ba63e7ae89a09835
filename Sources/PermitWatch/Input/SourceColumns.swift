/// Which CSV column holds which source field, found from the header, and which columns are
/// kept as the sources' attributes.
///
/// Headers are matched case-insensitively against the common English and Chinese names bureau
/// spreadsheets use; a flag (`--id-field` and friends) names a column outright, or turns a field
/// off with `none`. Every column that holds no field is kept as an attribute under its header
/// name (unless `--keep-columns none`): nothing in a register is lost.
struct SourceColumns: Sendable {
    enum Field: String, CaseIterable, Sendable {
        case sourceID = "source_id"
        case name
        case lon
        case lat
        case status
        case category
        case industry
        case uscc
        case deadline
        case statusDate = "status_date"
        case declaredArea = "declared_area"

        var ordinal: Int {
            switch self {
            case .sourceID: 0
            case .name: 1
            case .lon: 2
            case .lat: 3
            case .status: 4
            case .category: 5
            case .industry: 6
            case .uscc: 7
            case .deadline: 8
            case .statusDate: 9
            case .declaredArea: 10
            }
        }

        var aliases: [String] {
            switch self {
            case .sourceID: ["source_id", "sourceid", "id", "编号", "污染源编号", "企业编号", "排污单位编号"]
            case .name: ["name", "名称", "企业名称", "单位名称", "排污单位名称", "facility_name", "fac_name", "site_name"]
            case .lon: ["lon", "lng", "long", "longitude", "x", "经度", "fac_long", "fac_lon"]
            case .lat: ["lat", "latitude", "y", "纬度", "fac_lat"]
            case .status: ["status", "状态", "许可状态", "管理状态"]
            case .category: ["category", "管理类别", "类别"]
            case .industry: ["industry", "industry_code", "行业", "行业代码", "行业类别"]
            case .uscc: ["uscc", "credit_code", "统一社会信用代码", "信用代码"]
            case .deadline: ["deadline", "整改期限", "整改截止日期", "期限"]
            case .statusDate: ["status_date", "date", "状态日期", "日期"]
            case .declaredArea:
                ["declared_area", "declared_area_code", "area_code", "adcode", "行政区划代码", "区划代码", "行政区代码", "所在地区划代码"]
            }
        }

        /// The flag that names the field's column (or turns it off with `none`).
        var flag: String {
            switch self {
            case .sourceID: "--id-field"
            case .statusDate: "--status-date-field"
            case .declaredArea: "--declared-area-field"
            default: "--\(rawValue)-field"
            }
        }

        /// Whether `none` may turn the field off: every field but the id and the coordinates.
        var isOptional: Bool { self != .sourceID && self != .lon && self != .lat }

        /// Whether the field's values have a vocabulary a column of its name may not follow
        /// (statuses, categories, dates); see `SourceFileReader`'s rule for such columns.
        var hasVocabulary: Bool { self == .status || self == .category || self == .deadline || self == .statusDate }

        /// The field's flag as a hint for an error its column's values caused.
        var flagHint: String {
            "(\(flag) NAME reads the \(rawValue.replacingOccurrences(of: "_", with: " ")) from another column, \(flag) none ignores this one)"
        }
    }

    /// What a flag said about a field.
    enum Choice: Sendable, Equatable {
        /// The column of that header name (case-insensitive) holds the field.
        case column(String)
        /// No column holds the field; a column of its usual name is kept as an attribute.
        case ignored
    }

    /// Column position by field, indexed by `Field.ordinal`: read for every cell of a large
    /// file, so an array rather than a dictionary.
    private var positions = [Int?](repeating: nil, count: Field.allCases.count)
    /// Whether each field's column was named by its flag rather than found by its usual name.
    private var named = [Bool](repeating: false, count: Field.allCases.count)
    let header: [String]
    /// The columns kept as attributes: their position and their key in the attributes object
    /// (the header name, trimmed; `columnN` for an empty one, `NAME_N` for a repeated one, N
    /// being the 1-based position).
    private(set) var attributes: [(position: Int, key: String)] = []

    /// - Parameters:
    ///   - choices: a flag's column name (it must exist in the header) or `none`, per field.
    ///   - keepColumns: whether columns holding no field are kept as attributes.
    ///   - setAside: positions no field may be found in by its usual name (columns whose values
    ///     did not fit the field), kept as attributes instead.
    init(header: [String], choices: [Field: Choice], keepColumns: Bool = true, setAside: Set<Int> = [], file: String) throws {
        self.header = header
        let normalized = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        /// The first column of each name, found once: searching the header for every alias
        /// took seconds on a header of a few hundred thousand columns (a line of commas).
        var firstPosition: [String: Int] = [:]
        for (position, name) in normalized.enumerated() where !setAside.contains(position) && firstPosition[name] == nil {
            firstPosition[name] = position
        }
        var problems = ProblemList()
        for field in Field.allCases {
            switch choices[field] {
            case .column(let name):
                guard let position = normalized.firstIndex(of: name.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    problems.append(InputError(
                        file: file, line: 1, field: name,
                        message: "no such column for \(field.rawValue) (\(field.flag)); the header has \(HeaderSummary.describe(header))"))
                    continue
                }
                positions[field.ordinal] = position
                named[field.ordinal] = true
            case .ignored:
                break
            case nil:
                if let position = field.aliases.lazy.compactMap({ firstPosition[$0] }).first {
                    positions[field.ordinal] = position
                }
            }
        }
        try problems.throwIfAny()
        if keepColumns {
            let used = Set(positions.compactMap { $0 })
            var seen: [String: Int] = [:]
            for position in header.indices where !used.contains(position) {
                let trimmed = header[position].trimmingCharacters(in: .whitespaces)
                var key = trimmed.isEmpty ? "column\(position + 1)" : trimmed
                if seen[key, default: 0] > 0 { key = "\(trimmed)_\(position + 1)" }
                seen[key, default: 0] += 1
                attributes.append((position, key))
            }
        }
    }

    subscript(field: Field) -> Int? { positions[field.ordinal] }

    /// Whether the field's column was found by its usual name, not named by its flag.
    func foundByName(_ field: Field) -> Bool { positions[field.ordinal] != nil && !named[field.ordinal] }
}
