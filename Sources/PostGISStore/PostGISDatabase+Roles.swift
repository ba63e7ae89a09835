import Store

/// One PostgreSQL schema plays every role of the store; those not yet ported refuse
/// (`PostGISDatabase+NotYetPorted.swift`).
extension PostGISDatabase: SourceRegister, RegisterAnalytics, AreaStore, FieldNetwork, AnalysisRunStore, RoutePlanStore,
    CatalogReader, FeatureReader, MetricCRSStore, StoreMaintenance, AccessTokenStore, FieldRecordStore
{}
