/// How many non-empty values of each field with a vocabulary fit it, and a few that did not:
/// what `SourceFileReader` decides from whether a column merely shares a field's name.
struct VocabularyTally: Sendable {
    private var fit = [0, 0, 0, 0]
    private var misfit = [0, 0, 0, 0]
    private var sample: [[String]] = [[], [], [], []]

    private static func slot(_ field: SourceColumns.Field) -> Int {
        switch field {
        case .status: 0
        case .category: 1
        case .deadline: 2
        default: 3
        }
    }

    mutating func count(_ field: SourceColumns.Field, fits: Bool, value: @autoclosure () -> String) {
        let k = Self.slot(field)
        if fits {
            fit[k] += 1
        } else {
            misfit[k] += 1
            if sample[k].count < 3 {
                let text = value()
                if !sample[k].contains(text) { sample[k].append(text) }
            }
        }
    }

    /// How many values a column must have before it can be set aside: fewer are as likely
    /// to be typos as another vocabulary, and a file that small is quickly corrected.
    static let minimumSample = 10

    /// Whether the field's column mostly holds something else: at least `minimumSample`
    /// non-empty values were read and more than half of them do not fit.
    func mostlyMisfits(_ field: SourceColumns.Field) -> Bool {
        let k = Self.slot(field)
        return fit[k] + misfit[k] >= Self.minimumSample && misfit[k] > fit[k]
    }

    func fits(_ field: SourceColumns.Field) -> Int { fit[Self.slot(field)] }
    func misfits(_ field: SourceColumns.Field) -> Int { misfit[Self.slot(field)] }
    func examples(_ field: SourceColumns.Field) -> [String] { sample[Self.slot(field)] }

    mutating func add(_ other: VocabularyTally) {
        for k in 0..<4 {
            fit[k] += other.fit[k]
            misfit[k] += other.misfit[k]
            for text in other.sample[k] where sample[k].count < 3 && !sample[k].contains(text) { sample[k].append(text) }
        }
    }
}
