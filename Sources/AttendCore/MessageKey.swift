/// One message of the reports, by key; its words in each language are in `MessageCatalog`.
/// The raw value names the message in a test failure. Keys are grouped by the form that uses
/// them: a word every form prints the same way has one key without a prefix; `text`, `csv`,
/// `html` and `chart` keys are the wording of one form (several translate one English term
/// differently, and the reports keep their words).
enum MessageKey: String, CaseIterable, Sendable {
    // MARK: Shared by the tally's and the district's reports
    case conference
    case conferenceId
    case date
    case parts
    case part
    case minutesValue
    case category
    case invitedCount
    case present
    case absentWithExcuse
    case absentWithoutExcuse
    case attendanceRate
    case walkInsLong
    case expected
    case rate
    case target
    case total
    case number
    case delegate
    case id
    case fullName
    case unit
    case reason
    case time
    case minutes
    case at
    case firstSeen
    case arrivedLate
    case leftEarly
    case noParts
    case noData
    case byPartHeading

    // MARK: The printed (text) tally report
    case textTitle
    case textGrace
    case textNotConfirmed
    case textWalkInsAside
    case textWalkInsAsideOne
    case textExpectedPresent
    case textByCategoryHeading
    case textEveryCategoryMet
    case textBelowTarget
    case textTotalsHeading
    case textPresentAtStart
    case textPresentAtEnd
    case textArrivedLateColumn
    case textLeftEarlyColumn
    case textCurveHeading
    case textCurveRows
    case textListsHeading
    case textReasonPrefix
    case textIncidentsHeading
    case textNone
    case textInvitedColumn
    case textPresentColumn
    case textAbsentExcusedColumn
    case textAbsentUnexcusedColumn

    // MARK: The tally's spreadsheet
    case csvList
    case csvAbsentExcusedColumn
    case csvAbsentUnexcusedColumn
    case csvWalkInsColumn
    case csvRatePercent
    case csvTargetPercent
    case csvAbsentExcused
    case csvAbsentUnexcused
    case csvLate
    case csvLeftEarly
    case csvWalkIn

    // MARK: The tally's HTML page
    case htmlTitle
    case bridgePoint
    case htmlUnnamed
    case htmlReport
    case htmlSubject
    case htmlGrace
    case htmlRecipientBoard
    case htmlRecipientFile
    case htmlSigner
    case htmlSignerNote
    case htmlSummaryHeading
    case htmlAbsentExcused
    case htmlAbsentUnexcused
    case htmlWalkIns
    case htmlTheBridgePoint
    case htmlClosedBeforeStart
    case htmlSummarySentence
    case htmlSummaryExpected
    case htmlSummaryAbsent
    case htmlSummaryWalkIns
    case htmlByCategoryHeading
    case htmlSpan
    case htmlPresentAtStart
    case htmlPresentAtEnd
    case late
    case htmlCurveHeading
    case htmlInvitedLabel
    case htmlIncidentsHeading
    case htmlNoIncidentData
    case htmlNoIncidents
    case htmlOutage
    case htmlLongestOutage
    case htmlHadSound
    case htmlHadPicture
    case soundLostMinutes
    case pictureLostMinutes
    case stillOpen
    case incidentKind
    case from
    case to
    case htmlMinutesShort
    case peopleAtStart
    case peopleMinutes
    case sourceNote
    case htmlLineTestTo
    case htmlLoss
    case htmlRoundTrip
    case htmlLongestGap
    case htmlResult
    case passed
    case failed
    case sourceOperator
    case sourceTerminal
    case sourceProbe
    case htmlListsHeading
    case htmlNone
    case htmlLateMinutes
    case htmlEarlyMinutes
    case htmlWalkInsList
    case invited
    case htmlVerdict
    case htmlMet
    case htmlMissed
    case htmlNobodyInvited
    case htmlEveryCategoryMet
    case htmlBelowTarget

    // MARK: The presence chart's legend and caption
    case chartPeoplePresent
    case chartParts
    case chartInvited
    case chartOutage
    case chartDegraded
    case chartCaption

    // MARK: The HTML page's frame (ReportPage)
    case pageParty
    case pageRecipients
    case pageMadeBy

    // MARK: Shared by the district's roll-up forms
    case bridgePointsReported
    case lineTest
    case linePassed
    case lineFailed

    // MARK: The district's printed (text) roll-up
    case districtTextTitle
    case districtTextExpected
    case districtTextInvitedPresent
    case districtTextMissing
    case districtTextByCategory
    case districtTextByBridge
    case districtTextExpectedColumn
    case districtTextLateColumn
    case districtTextEarlyColumn
    case districtTextOutageColumn
    case districtTextLineTestColumn
    case districtTextNotReported
    case districtTextElsewhere
    case districtTextElsewhereLine
    case districtTextCurve

    // MARK: The district's spreadsheet
    case districtCSVBridgeId
    case districtCSVStatus
    case districtCSVRevision
    case districtCSVExpected
    case districtCSVOutage
    case districtCSVReported
    case districtCSVAnnounced
    case districtCSVMissing
    case districtCSVDelegateId
    case districtCSVInvitedAt
    case districtCSVCameTo

    // MARK: The district's HTML page
    case districtHTMLTitle
    case districtHTMLIssuer
    case districtHTMLSubject
    case districtHTMLByCategory
    case districtHTMLRecipientProvince
    case districtHTMLRecipientStanding
    case districtHTMLSummary
    case districtHTMLNotReportedList
    case districtHTMLByBridge
    case districtHTMLReportNumber
    case districtHTMLReported
    case districtHTMLNotReported
    case districtHTMLReport
    case districtHTMLOutage
    case districtHTMLWhole
    case districtHTMLNoBridges
    case districtHTMLRateCaption
    case districtHTMLCurve
    case districtHTMLElsewhere
    case districtHTMLInvitedAt
    case districtHTMLAttendedAt

    // MARK: The incidents in the printed (text) report
    case incidentsTextHadSound
    case incidentsTextHadPicture
    case incidentsTextSoundLost
    case incidentsTextPictureLost
    case incidentsTextNone
    case incidentsTextCount
    case incidentsTextOutage
    case incidentsTextLongest
    case incidentsTextPeopleMinutesLost
    case incidentsTextKind
    case incidentsTextMinutes
    case incidentsTextPeopleAtStart
    case incidentsTextPeopleMinutes

    // MARK: The incidents in the spreadsheet
    case incidentsCSVIncident
    case incidentsCSVSource
    case incidentsCSVOpenAtEnd
    case incidentsCSVNote
    case incidentsCSVYes
    case incidentsCSVHadSound
    case incidentsCSVHadPicture

    // MARK: The voided check-ins (text and HTML)
    case voidsHeading
    case voidsNone
    case voidsEvent
    case voidsDelegate
    case voidsWay
    case voidsScanned
    case voidsVoidedAt
    case voidsBy
    case voidsByTerminal
    case voidsByControl
    case voidsIn
    case voidsOut

    // MARK: The charts' labels
    case rateChartLabel
    case rateChartNobodyInvited
    case rateChartNotReported
    case presenceChartLabel
    case presenceChartAxis

    // MARK: The terminal's screen (TerminalScreen), which speaks Vietnamese
    case terminalConference
    case terminalNoConference
    case terminalOnline
    case terminalConnecting
    case terminalOffline
    case terminalTitle
    case terminalMachine
    case terminalPresent
    case terminalInvitedCount
    case terminalWalkIns
    case terminalModeIn
    case terminalModeOut
    case terminalPending
    case terminalHintIn
    case terminalHintOut
    case terminalScanDetail
    case terminalPendingDetail
    case terminalVoidedHeadline
    case terminalChoose
    case terminalMore
    case terminalRecent
    case terminalVoided
    case terminalKeysWide
    case terminalKeysNarrow
    case terminalOfflineMessage
    case terminalPromptIn
    case terminalPromptOut
    case terminalPromptExcuseId
    case terminalPromptExcuseReason
    case terminalPromptConfirmNumber
    case terminalPromptUndoReason

    // MARK: A scan's outcome on the terminal (ScanOutcome): banner, short word, refusals
    case scanOnTime
    case scanLate
    case scanRepeated
    case scanWalkIn
    case scanCheckedOut
    case scanPending
    case scanRefused
    case scanShortOnTime
    case scanShortLate
    case scanShortRepeated
    case scanShortWalkIn
    case scanShortCheckedOut
    case scanShortPending
    case scanShortRefused
    case refusalUnknown
    case refusalMalformed
    case refusalUnknownVerb
    case refusalTooLong
    case refusalNoConference
    case refusalNotAuthorised
    case refusalUnavailable
    case refusalRateLimited
    case refusalSeqReused
    case refusalBusy

    // MARK: What the terminal session says to the operator after a key or a reply (TerminalSession)
    case sessionModeIn
    case sessionModeOut
    case sessionExcuseNotHere
    case sessionExcuseAskId
    case sessionExcuseAskReason
    case sessionExcuseSending
    case sessionExcuseRecorded
    case sessionExcuseWithdrawn
    case sessionExcuseRefused
    case sessionInvalidId
    case sessionConfirmNumber
    case sessionSearching
    case sessionFindRefused
    case sessionFindNone
    case sessionFindMore
    case sessionFindSome
    case sessionIncidentAudio
    case sessionIncidentVideo
    case sessionIncidentLine
    case sessionIncidentLost
    case sessionIncidentBack
    case sessionIncidentSending
    case sessionIncidentRefused
    case sessionIncidentStarted
    case sessionIncidentAlreadyOpen
    case sessionIncidentEnded
    case sessionIncidentNoneOpen
    case sessionRestored
    case sessionQueuedSent
    case sessionUndoNothing
    case sessionUndoAskReason
    case sessionUndoTookCard
    case sessionUndoAlreadyVoided
    case sessionUnqueueing
    case sessionUnqueued
    case sessionUnqueueTooLate
    case sessionUndoNoEvent
    case sessionVoiding
    case sessionVoidRefused
    case sessionVoidNotAllowed
    case sessionVoided
    // MARK: The workbooks (`--xlsx`): titles, sheet names and the headers the CSV has no word for
    case xlsxTitle
    case xlsxSheetFigures
    case xlsxSheetCategories
    case xlsxSheetParts
    case xlsxSheetAbsentees
    case xlsxSheetLate
    case xlsxSheetEarly
    case xlsxSheetWalkIns
    case xlsxSheetIncidents
    case xlsxSheetBridges
    case xlsxSheetElsewhere
    case xlsxSheetPlanBoard
    case xlsxItem
    case xlsxValue
    case xlsxReportNumber
    case xlsxGraceMinutes
    case xlsxRowsLeftOut

    // MARK: Cards and invitations (`CardSheet`, `InvitationSheet`)
    case cardsDocumentTitle
    case cardHeading
    case cardValidYear
    case cardId
    case cardQROnly
    case invitationsDocumentTitle
    case invitationHeading
    case invitationInvite
    case invitationUnit
    case invitationAttend
    case invitationTime
    case invitationPlace
    case invitationToBeAnnounced
    case invitationCode
    case invitationBring
    case invitationSignerBody
    case invitationSignerTitle

    // MARK: The sign-in sheet and its entry (SignInSheet+HTML, PaperBatch+Summary)
    case sheetTitle
    case sheetPartTimes
    case sheetCodeLine
    case sheetFootCode
    case sheetPage
    case sheetNumber
    case sheetName
    case sheetUnit
    case sheetArrival
    case sheetSignature
    case sheetNoUnit
    case sheetWalkIns
    case sheetTotals
    case sheetKeeper
    case sheetSignHint
    case paperSummaryHeading
    case paperAlreadyHeading
    case paperNotOnList
    case paperConfirm
    case paperStored
    case paperStoredBefore
    case paperNothingStored
    case paperNothingNew
    case paperPrompt

    // MARK: The district's plan board (`attendctl district plans`)
    case planBoardBridge
    case planBoardRevision
    case planBoardWhen
    case planBoardList
    case planBoardPlanned
    case planBoardConfirmed
    case planBoardLineTest
    case planBoardClock
    case planBoardNote
    case planBoardTitle
    case planBoardWithdrawn
    case planBoardWaiting
    case planBoardReceived
    case planBoardRefused
    case planBoardNotTaking
    case planBoardNeverPolled
    case planBoardOffsetBeyond
    case planBoardNotDistrict
    // The hub's cards and invitations, one hall at a time (issue 19).
    case cardPlaceWord
    case cardPlace
    case cardsHallPage
    // The day-before board in the district roll-up's CSV
    case districtCSVClockBeyond
    // The reports folder's index.html ([daemon] reports_dir, issue 18)
    case reportsIndexTitle
    case reportsIndexTitleSite
    case reportsIndexUpdated
    case reportsIndexEmpty
    case reportsIndexState
    case reportsIndexHallsReported
    case reportsIndexHallsSilent
    case reportsIndexHallsMissing
    case reportsIndexFiles
    case reportsStatePlanned
    case reportsStateScheduled
    case reportsStateOpen
    case reportsStateClosed
    case reportsStateDistrict
    // The events spool's sentences (issue 18): {0} hall, {1} conference, {2} detail, {3} HH:MM
    case eventReportArrived
    case eventHallMissing
    case eventBelowTarget
    case eventIncidentOpened
    // Reflections (bài thu hoạch) in the tally and the year (issue 21)
    case textReflectionsHeading
    case reflectionDue
    case reflectionInvitedShort
    case reflectionSubmittedShort
    case reflectionPassedShort
    case reflectionBasicallyPassedShort
    case reflectionNotPassedShort
    case reflectionUngradedShort
    case reflectionLateShort
    case reflectionMissingShort
    case reflectionMissingByDueShort
    case reflectionMissingList
    case reflectionMissingByDueList
    case reflectionHandedInOn
    case yearTitle
    case yearSpan
    case yearByDelegate
    case yearByUnit
    case yearByCategory
    case yearPresentShort
    case yearLateShort
    case yearLeftEarlyShort
    case yearExcusedShort
    case yearUnexcusedShort
    case yearRateShort
    case yearTargetShort
    case yearReflectionsShort
    case yearReflectionsDueShort
    case yearSpellings
    case yearLevel
    case yearNotes
    case yearLateEarlyShort
    case yearAbsentShort
    case yearGradesShort
    case yearAttentionHeading
    case yearAttentionRate
    case yearAttentionUnexcused
    case yearAttentionReflection
    // The live view of the district roll-up (issue 17)
    case liveTitle
    case liveAsOf
    case livePresentInvited
    case liveSilentSince
    case liveSilentHalls
    case liveBelowTarget
    case liveIncidents
    case liveCurve
    case liveCSVPresent
    case liveCSVArrived
    case liveCSVInvited
    case liveCSVRate
    case liveCSVBelowTarget
    case liveCSVIncidents
    case liveCSVSilent
    case liveCSVLastHeard
    // The year on a hub (issue 21, second round)
    case yearPartialHeading
    case yearPartialHall
    case yearHTMLSubject
    case yearHTMLSpan
    case yearHTMLMembers
    case yearHTMLSentence
    case yearHTMLReasons
    case yearPartialSheet
    case yearAttentionSheet
    // The live view in the printed district page, and the hall-silent event.
    case eventHallSilent
    case liveHTMLHeading
    case liveHTMLNote
    case liveHTMLState
    case liveHTMLLive
    case liveHTMLCurveCaption
    // Reflections in the printed report and the workbook (issue 21, reflect-print)
    case reflectionsHeading
    case htmlReflectionsSentence
    case htmlReflectionsLate
    case htmlReflectionsNotFollowed
    case htmlReflectionsByBridge
    case htmlReflectionsByCategory
    case htmlReflectionsDueVaries
    case xlsxSheetReflections
    // Reflections counted on a hub's year (issue 21, year3)
    case yearPartialReflectionsHeading
}
