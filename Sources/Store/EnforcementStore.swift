/// The seam between permitwatch's use cases and the database that holds the register: every
/// role a store plays, together.
///
/// Use cases ask for the roles they need (`SourceRegister`, `AreaStore`, `AnalysisRunStore`,
/// …), never for this whole; only the composition roots (the CLI, the server's start-up, the
/// tests) hold a complete store. `SpatialDatabase` (one SpatiaLite file, module
/// `SpatiaLiteStore`) implements every role; another database implements the same protocols
/// without the use cases, the analytics or the server changing. SQL lives behind them, with
/// bound values only.
public typealias EnforcementStore = SourceRegister & RegisterAnalytics & AreaStore & FieldNetwork & AnalysisRunStore
    & RoutePlanStore & CatalogReader & FeatureReader & MetricCRSStore & StoreMaintenance & AccessTokenStore
    & FieldRecordStore & StoreTransfer
