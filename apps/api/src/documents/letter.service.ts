/**
 * Official letters: the agency's letter settings (letterhead, signatories, adjusted templates), a draft
 * rendered from the command that is about to be issued (the command is decided, not recorded, so a draft
 * of a command the case would refuse is refused too), and the issued letter, rendered from the recorded
 * fact and attached to the case as a document with its hash.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  type CaseCommand,
  type CaseState,
  type DomainError,
  decide,
  evolve,
  isDomainError,
} from '@netral/domain';
import {
  AGENCY_LETTER_SETTINGS_TABLE,
  DEFAULT_LETTER_TEMPLATES,
  type Letter,
  type LetterExtras,
  type LetterSettings,
  type LetterTemplate,
  TemplateError,
  buildLetter,
  defaultLetterSettings,
  factName,
  findTemplate,
  letterAvailability,
  letterDate,
  parseBlocks,
} from '@netral/documents';
import { caseConfigSource } from '@netral/workflows';
import type { DataSource } from 'typeorm';
import { CaseScope } from '../audit';
import { refusalProblem } from '../cases/commands/domain-problems';
import { DATA_SOURCE } from '../infrastructure';
import { ALL_AGENCIES, type AuthenticatedUser, notFoundProblem, ProblemException } from '../platform';
import { DocumentService } from './document.service';
import type { DocumentView, LetterOfferListView, LetterSettingsDto } from './documents.dto';

/** The stored part of an agency's settings (the letterhead may be absent: then the case's agency name). */
type StoredSettings = Partial<LetterSettings>;

function unknownTemplate(id: string): ProblemException {
  return new ProblemException({
    status: 404,
    code: 'UNKNOWN_TEMPLATE',
    detail: `There is no letter template "${id}"; see GET /letter-templates.`,
    detailId: `Templat surat "${id}" tidak ada; lihat GET /letter-templates.`,
  });
}

/** The domain's refusal as the same problem its command endpoint answers; a data error stays a 500. */
function domainProblem(error: DomainError): Error {
  return refusalProblem(error.code, error.message, [error.toJSON()]) ?? error;
}

@Injectable()
export class LetterService {
  private readonly config = caseConfigSource();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CaseScope) private readonly scope: CaseScope,
    @Inject(DocumentService) private readonly documents: DocumentService,
  ) {}

  templates(): { version: string; templates: LetterTemplate[] } {
    return DEFAULT_LETTER_TEMPLATES;
  }

  /** The letters of one case: each template with whether the case has its facts, and whether it is issued. */
  async offers(user: AuthenticatedUser, caseId: string): Promise<LetterOfferListView> {
    const { state } = await this.caseOf(user, caseId);
    const named = (fact: { kind: string; sequence: number }) => ({
      ...fact,
      name: factName(fact.kind, fact.sequence),
    });
    return {
      templatesVersion: DEFAULT_LETTER_TEMPLATES.version,
      items: DEFAULT_LETTER_TEMPLATES.templates.map((template) => {
        const { available, missingFacts } = letterAvailability(template, state);
        // The same id issue() attaches the letter under.
        const documentId = `${caseId}:${template.id}:r${state.round}`;
        const issued = state.documents?.some((d) => d.documentId === documentId);
        return {
          id: template.id,
          name: template.name,
          fact: named(template.fact),
          command: template.command,
          available,
          missingFacts: missingFacts.map(named),
          ...(issued ? { issuedDocumentId: documentId } : {}),
        };
      }),
    };
  }

  async settings(agency: string): Promise<StoredSettings | null> {
    const [row] = (await this.dataSource.query(
      `SELECT settings FROM ${AGENCY_LETTER_SETTINGS_TABLE} WHERE agency = $1`,
      [agency],
    )) as { settings: StoredSettings }[];
    return row?.settings ?? null;
  }

  /** Stores an agency's settings; adjusted templates are checked block by block before anything is kept. */
  async saveSettings(
    user: AuthenticatedUser,
    agency: string,
    body: LetterSettingsDto,
  ): Promise<StoredSettings> {
    const templates: LetterSettings['templates'] = {};
    for (const [id, blocks] of Object.entries(body.templates ?? {})) {
      if (!findTemplate(DEFAULT_LETTER_TEMPLATES, id)) throw unknownTemplate(id);
      try {
        templates[id] = parseBlocks(blocks, id);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        throw new ProblemException({
          status: 422,
          code: 'INVALID_TEMPLATE',
          detail: error.message,
          detailId: `Templat tidak valid: ${error.message}`,
        });
      }
    }
    const settings: StoredSettings = {
      letterhead: {
        lines: body.letterhead.lines,
        address: body.letterhead.address ?? '',
        city: body.letterhead.city,
      },
      signatories: { ...(body.signatories ?? {}) },
      templates,
    };
    await this.dataSource.query(
      `INSERT INTO ${AGENCY_LETTER_SETTINGS_TABLE} (agency, settings, updated_at, updated_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (agency) DO UPDATE SET settings = $2, updated_at = now(), updated_by = $3`,
      [agency, JSON.stringify(settings), user.id],
    );
    return settings;
  }

  /** The draft of a letter: the case as the command would leave it, rendered with "KONSEP" on each page. */
  async draft(
    user: AuthenticatedUser,
    caseId: string,
    templateId: string,
    command: Record<string, unknown>,
    extras: LetterExtras,
  ): Promise<Letter> {
    const template = this.template(templateId);
    const { state, agency } = await this.caseOf(user, caseId);
    const config = this.config();
    let after: CaseState;
    try {
      const events = decide({ type: template.command, data: command } as CaseCommand, state, {
        now: new Date().toISOString(),
        actor: { id: user.id, role: user.role, agency: user.agency === ALL_AGENCIES ? agency : user.agency },
        catalogues: config.catalogues,
        policy: config.policy,
        calendar: config.calendar,
      });
      after = events.reduce(evolve, state);
    } catch (error) {
      if (isDomainError(error)) throw domainProblem(error);
      throw error;
    }
    const summary = typeof command.summary === 'string' ? command.summary : undefined;
    return this.render(
      template,
      after,
      agency,
      { ...extras, clarificationSummary: summary },
      true,
      new Date(),
    );
  }

  /** The letter of a recorded fact, stored and attached to the case (once: a repeat returns it). */
  async issue(
    user: AuthenticatedUser,
    caseId: string,
    templateId: string,
    extras: LetterExtras,
  ): Promise<DocumentView> {
    const template = this.template(templateId);
    const { state, agency } = await this.caseOf(user, caseId);
    const documentId = `${caseId}:${template.id}:r${state.round}`;
    if (!state.documents?.some((d) => d.documentId === documentId)) {
      const date = letterDate(template, state);
      const letter = await this.render(
        template,
        state,
        agency,
        { ...extras, clarificationSummary: await this.clarificationSummary(caseId) },
        false,
        // The letter's own date, so the same fact always renders the same bytes.
        date ? new Date(`${date}T00:00:00Z`) : new Date(state.stageEnteredAt ?? Date.now()),
      );
      await this.documents.attach(user, {
        caseId,
        documentId,
        bytes: letter.pdf,
        sha256: letter.sha256,
        contentType: 'application/pdf',
        reason: `${template.name} ${letter.number}`,
        command: {
          documentId,
          fact: template.fact,
          title: letter.title,
          fileName: letter.fileName,
          contentType: 'application/pdf',
          size: letter.pdf.length,
          sha256: letter.sha256,
          origin: 'generated',
          template: { id: template.id, version: letter.templateVersion },
          identifiesReporter: false,
        },
      });
    }
    return this.documents.get(user, caseId, documentId);
  }

  private template(id: string): LetterTemplate {
    const template = findTemplate(DEFAULT_LETTER_TEMPLATES, id);
    if (!template) throw unknownTemplate(id);
    return template;
  }

  private async render(
    template: LetterTemplate,
    state: CaseState,
    agency: string,
    extras: LetterExtras,
    draft: boolean,
    createdAt: Date,
  ): Promise<Letter> {
    const stored = await this.settings(agency);
    const defaults = defaultLetterSettings(state);
    const settings: LetterSettings = {
      letterhead: stored?.letterhead ?? defaults.letterhead,
      signatories: stored?.signatories ?? {},
      templates: stored?.templates ?? {},
    };
    try {
      return await buildLetter({
        templateId: template.id,
        state,
        catalogues: this.config().catalogues,
        settings,
        extras,
        draft,
        createdAt,
      });
    } catch (error) {
      if (isDomainError(error)) throw domainProblem(error);
      throw error;
    }
  }

  /** The case as its read model holds it (reporter identity removed: letters never carry it). */
  private async caseOf(
    user: AuthenticatedUser,
    caseId: string,
  ): Promise<{ state: CaseState; agency: string }> {
    const visible = await this.scope.requireVisible(user, caseId);
    const [row] = (await this.dataSource.query(`SELECT state FROM case_summary WHERE case_id = $1`, [
      caseId,
    ])) as {
      state: CaseState;
    }[];
    if (!row || !visible.agency) throw notFoundProblem('case');
    return { state: { ...row.state, documents: row.state.documents ?? [] }, agency: visible.agency };
  }

  private async clarificationSummary(caseId: string): Promise<string | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT data->>'summary' AS summary FROM events WHERE stream_id = $1 AND type = 'ClarificationConcluded'
       ORDER BY version DESC LIMIT 1`,
      [caseId],
    )) as { summary: string | null }[];
    return row?.summary ?? undefined;
  }
}
