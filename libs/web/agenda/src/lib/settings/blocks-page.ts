import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
 
  ElementRef,
  inject,
  Injector,
  signal,
 
} from '@angular/core';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { BLOCK_KIND_LABELS, BlockKind, BlockRequest, BlockView } from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import {
  apiErrorMessage,
  FieldErrorMessages,
  formatParisDateTime,
  FormFeedback,
  fromParisDateTimeInput,
  parisDayKey,
  parisMinuteOfDay,
  formatDayWithYear,
  addDays, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';

const DAY_MS = 86_400_000;
type AddableKind = Exclude<BlockKind, 'PUBLIC_HOLIDAY'>;

const MESSAGES: FieldErrorMessages = {
  label: { required: 'Indiquez un libellé.', maxlength: '120 caractères au plus.' },
  startsAt: { required: 'Indiquez le début.', datetime: 'Date et heure de début invalides.' },
  endsAt: { required: 'Indiquez la fin.', datetime: 'Date et heure de fin invalides.', order: 'La fin doit suivre le début.' },
};

const dateTime = (control: AbstractControl): ValidationErrors | null =>
  !control.value || fromParisDateTimeInput(String(control.value)) ? null : { datetime: true };

/** "du lundi 2 mars 2026" for whole days, else with the times. */
export function blockPeriodLabel(block: Pick<BlockView, 'startsAt' | 'endsAt'>): string {
  const wholeDays = parisMinuteOfDay(block.startsAt) === 0 && parisMinuteOfDay(block.endsAt) === 0;
  if (wholeDays) {
    const first = parisDayKey(block.startsAt);
    const last = addDays(parisDayKey(block.endsAt), -1);
    return first === last ? formatDayWithYear(first) : `du ${formatDayWithYear(first)} au ${formatDayWithYear(last)}`;
  }
  return `du ${formatParisDateTime(block.startsAt)} au ${formatParisDateTime(block.endsAt)}`;
}

/** Holidays, absences and blocked ranges; French public holidays come pre-filled and can be worked. */
@Component({
  selector: 'app-blocks-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, PractitionerPicker],
  templateUrl: './blocks-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BlocksPage {
  private readonly api = inject(AgendaApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly context = inject(PracticeContext);

  protected readonly kinds: AddableKind[] = ['HOLIDAY', 'ABSENCE', 'BLOCKED'];
  protected readonly kindLabels = BLOCK_KIND_LABELS;
  protected readonly period = blockPeriodLabel;

  protected readonly blocks = signal<BlockView[] | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly listError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly upcoming = computed(() => (this.blocks() ?? []).filter((b) => Date.parse(b.endsAt) > Date.now()));

  protected readonly form = inject(FormBuilder).nonNullable.group(
    {
      kind: ['HOLIDAY' as AddableKind, Validators.required],
      label: ['', [Validators.required, Validators.maxLength(120)]],
      startsAt: ['', [Validators.required, dateTime]],
      endsAt: ['', [Validators.required, dateTime]],
    },
    {
      validators: (group: AbstractControl) => {
        const start = fromParisDateTimeInput(String(group.get('startsAt')?.value ?? ''));
        const endControl = group.get('endsAt');
        const end = fromParisDateTimeInput(String(endControl?.value ?? ''));
        if (start && end && end <= start) {
          endControl?.setErrors({ ...(endControl.errors ?? {}), order: true });
        } else if (endControl?.hasError('order')) {
          const rest = Object.fromEntries(Object.entries(endControl.errors ?? {}).filter(([key]) => key !== 'order'));
          endControl.setErrors(Object.keys(rest).length > 0 ? rest : null);
        }
        return null;
      },
    },
  );
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);

  constructor() {
    this.context.followPractitioner((practitionerId) => this.load(practitionerId));
  }

  protected async add(): Promise<void> {
    const practitionerId = this.context.practitionerId();
    this.notice.set(null);
    if (!practitionerId || !this.feedback.start()) {
      return;
    }
    const value = this.form.getRawValue();
    const request: BlockRequest = {
      kind: value.kind,
      label: value.label.trim(),
      startsAt: fromParisDateTimeInput(value.startsAt)?.toISOString() ?? '',
      endsAt: fromParisDateTimeInput(value.endsAt)?.toISOString() ?? '',
    };
    try {
      const block = await firstValueFrom(this.api.addBlock(practitionerId, request));
      this.feedback.done();
      this.form.reset({ kind: value.kind, label: '', startsAt: '', endsAt: '' });
      this.blocks.update((list) => [...(list ?? []), block].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)));
      this.notice.set(`${BLOCK_KIND_LABELS[block.kind]} ajouté(e) : ${blockPeriodLabel(block)}. Les créneaux de cette période sont masqués.`);
      this.focus('#blocks-notice');
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  /** Deletes the block, or for a public holiday: works that day (the holiday stays listed as worked). */
  protected async remove(block: BlockView): Promise<void> {
    const practitionerId = this.context.practitionerId();
    if (!practitionerId) {
      return;
    }
    this.busy.set(block.id);
    this.listError.set(null);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.removeBlock(practitionerId, block.id));
      if (block.kind === 'PUBLIC_HOLIDAY') {
        this.blocks.update((list) => (list ?? []).map((b) => (b.id === block.id ? { ...b, waived: true } : b)));
        this.notice.set(`${block.label} : jour travaillé, ses créneaux sont ouverts.`);
      } else {
        this.blocks.update((list) => (list ?? []).filter((b) => b.id !== block.id));
        this.notice.set(`${BLOCK_KIND_LABELS[block.kind]} supprimé(e) : ${blockPeriodLabel(block)}.`);
      }
      this.focus('#blocks-notice');
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    } finally {
      this.busy.set(null);
    }
  }

  private async load(practitionerId: string): Promise<void> {
    this.loadError.set(null);
    this.blocks.set(null);
    const now = Date.now();
    try {
      const list = await firstValueFrom(this.api.blocks(practitionerId, { from: new Date(now - 30 * DAY_MS), to: new Date(now + 400 * DAY_MS) }));
      if (this.context.practitionerId() === practitionerId) {
        this.blocks.set(list);
      }
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private focus(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
