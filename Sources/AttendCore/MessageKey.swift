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
    case htmlBridgePoint
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
    case htmlLate
    case htmlCurveHeading
    case htmlInvitedLabel
    case htmlIncidentsHeading
    case htmlNoIncidentData
    case htmlNoIncidents
    case htmlOutage
    case htmlLongestOutage
    case htmlHadSound
    case htmlHadPicture
    case htmlSoundLostMinutes
    case htmlPictureLostMinutes
    case htmlStillOpen
    case htmlIncidentKind
    case htmlFrom
    case htmlTo
    case htmlMinutesShort
    case htmlPeopleAtStart
    case htmlPeopleMinutes
    case htmlSourceNote
    case htmlLineTestTo
    case htmlLoss
    case htmlRoundTrip
    case htmlLongestGap
    case htmlResult
    case htmlPassed
    case htmlFailed
    case htmlSourceOperator
    case htmlSourceTerminal
    case htmlSourceProbe
    case htmlListsHeading
    case htmlNone
    case htmlLateMinutes
    case htmlEarlyMinutes
    case htmlWalkInsList
    case htmlInvited
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
}
