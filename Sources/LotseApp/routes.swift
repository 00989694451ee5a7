import Vapor

/// The table of contents: every area of Lotse and where its routes live.
func routes(_ app: Application) throws {
    // Probes for load balancers and operators (no sign-in, no personal data).
    try app.register(collection: HealthController())
    try app.register(collection: MetricsController())

    // Public pages of the municipalities (no sign-in, no personal data).
    try app.register(collection: PublicPageController())

    // Browser: sign-in steps, then everything behind a completed sign-in.
    let browser = app.grouped(BrowserSessionMiddleware(), CSRFMiddleware())
    try browser.register(collection: SignInController())
    let signedIn = browser.grouped(RequireActiveSession())
    try signedIn.register(collection: StartController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: OrganisationAdminController())
    try signedIn.register(collection: SettingsController())
    try signedIn.register(collection: DistrictWordsController())
    try signedIn.register(collection: UserAdminController())
    try signedIn.register(collection: GrantRequestController())
    try signedIn.register(collection: AuditTrailController())
    try signedIn.register(collection: RetentionController())
    try signedIn.register(collection: ErasureController())
    try signedIn.register(collection: DataSubjectRequestsController())
    try signedIn.register(collection: ProcessingRecordController())
    try signedIn.register(collection: DirectoryController())
    try signedIn.register(collection: DirectoryTransferController())
    try signedIn.register(collection: OfficeHoursController())
    try signedIn.register(collection: CoverageController())
    try signedIn.register(collection: OfficeController())
    try signedIn.register(collection: OfficeHandoverController())
    try signedIn.register(collection: BacklogController())
    try signedIn.register(collection: CampaignController())
    try signedIn.register(collection: BriefContactController())
    try signedIn.register(collection: CaseController())
    try signedIn.register(collection: ConsentFormController())
    try signedIn.register(collection: AccessExportController())
    try signedIn.register(collection: ReferralController())
    try signedIn.register(collection: WaiverDetour())
    try signedIn.register(collection: TopicController())
    try signedIn.register(collection: SteeringController())
    try signedIn.register(collection: AgendaController())
    try signedIn.register(collection: MemberMeetingsController())
    try signedIn.register(collection: EvidenceRequestController())
    try signedIn.register(collection: ProgrammeController())
    try signedIn.register(collection: PlanningController())
    try signedIn.register(collection: ReportController())
    try signedIn.register(collection: ReportTextsController())
    try signedIn.register(collection: HistoryImportController())

    // JSON API under /api/v1: the server generated from openapi.yaml, the one contract.
    // Every operation is implemented in a `Contract+<Area>.swift` file beside its area's handlers.
    try ContractHandler.register(on: app)
}
