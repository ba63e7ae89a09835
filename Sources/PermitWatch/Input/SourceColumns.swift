/// Which CSV column holds which source field, found from the header.
///
/// Headers are matched case-insensitively against the common English and Chinese names bureau
/// spreadsheets use; a flag (`--id-field` and friends) names a column outright.
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
            }
        }

        var aliases: [String] {
            switch self {
            case .sourceID: ["source_id", "sourceid", "id", "编号", "污染源编号", "企业编号", "排污单位编号"]
            case .name: ["name", "名称", "企业名称", "单位名称", "排污单位名称"]
            case .lon: ["lon", "lng", "long", "longitude", "x", "经度"]
            case .lat: ["lat", "latitude", "y", "纬度"]
            case .status: ["status", "状态", "许可状态", "管理状态"]
            case .category: ["category", "管理类别", "类别"]
            case .industry: ["industry", "industry_code", "行业", "行业代码", "行业类别"]
            case .uscc: ["uscc", "credit_code", "统一社会信用代码", "信用代码"]
            case .deadline: ["deadline", "整改期限", "整改截止日期", "期限"]
            case .statusDate: ["status_date", "date", "状态日期", "日期"]
            }
        }
    }

    /// Column position by field, indexed by `Field.ordinal`: read for every cell of a large
    /// file, so an array rather than a dictionary.
    private var positions = [Int?](repeating: nil, count: Field.allCases.count)
    let header: [String]

    /// - Parameter overrides: a flag's column name per field; it must exist in the header.
    init(header: [String], overrides: [Field: String], file: String) throws {
        self.header = header
        let normalized = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var problems = ProblemList()
        for field in Field.allCases {
            if let name = overrides[field] {
                guard let position = normalized.firstIndex(of: name.lowercased()) else {
                    problems.append(InputError(
                        file: file, line: 1, field: name,
                        message: "no such column for \(field.rawValue); the header has \(HeaderSummary.describe(header))"))
                    continue
                }
                positions[field.ordinal] = position
            } else if let position = field.aliases.lazy.compactMap({ normalized.firstIndex(of: $0) }).first {
                positions[field.ordinal] = position
            }
        }
        try problems.throwIfAny()
    }

    subscript(field: Field) -> Int? { positions[field.ordinal] }
}
