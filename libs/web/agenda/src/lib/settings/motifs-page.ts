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
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl, FormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import {
  AgendaSettingsView,
  CONSULTATION_TYPE_LABELS,
  CONSULTATION_TYPES,
  MotifRequest,
  MotifView,
} from '@passerelle/shared/contracts';
import { toApiError } from '@passerelle/web/core';
import { apiErrorMessage, FieldErrorMessages, FormFeedback, minutesToTime, FieldControl, FormField } from '@passerelle/web/ui';
import { firstValueFrom } from 'rxjs';
import { AgendaApi } from '../agenda-api';
import { PracticeContext } from '../practice/practice-context';
import { PractitionerPicker } from '../practice/practitioner-picker';
import { typesLabel, WEEKDAY_LABELS } from '../shared/agenda-labels';
import { atLeastOneChecked } from '../shared/form-validators';

interface WeeklyRange {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const MESSAGES: FieldErrorMessages = {
  label: { required: 'Indiquez le libellé du motif.', minlength: 'Libellé de 2 caractères au moins.', maxlength: 'Libellé de 120 caractères au plus.' },
  durationMinutes: { required: 'Indiquez la durée.', min: 'Durée de 5 minutes au moins.', max: 'Durée de 240 minutes au plus.' },
  consultationTypes: { required: 'Choisissez au moins un type de consultation.' },
  ranges: { required: 'Cochez au moins une plage, ou choisissez « Toutes les plages ».' },
};

const key = (r: WeeklyRange) => `${r.weekday}-${r.startMinute}-${r.endMinute}`;

export function weeklyRangeLabel(r: WeeklyRange): string {
  return `${WEEKDAY_LABELS[r.weekday]} ${minutesToTime(r.startMinute)} – ${minutesToTime(r.endMinute)}`;
}

/** The practitioner's visit reasons: duration, types, who may book them online, where they apply. */
@Component({
  selector: 'app-motifs-page',
  imports: [FormField, FieldControl, ReactiveFormsModule, PractitionerPicker],
  templateUrl: './motifs-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MotifsPage {
  private readonly api = inject(AgendaApi);
  private readonly fb = inject(FormBuilder).nonNullable;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  protected readonly context = inject(PracticeContext);

  protected readonly types = CONSULTATION_TYPES;
  protected readonly typeLabels = CONSULTATION_TYPE_LABELS;
  protected readonly typesLabel = typesLabel;
  protected readonly rangeLabel = weeklyRangeLabel;

  protected readonly motifs = signal<MotifView[] | null>(null);
  protected readonly settings = signal<AgendaSettingsView | null>(null);
  protected readonly loadError = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly listError = signal<string | null>(null);
  /** null: no form; 'new'; or the id of the motif being edited. */
  protected readonly editing = signal<string | null>(null);
  protected readonly deleting = signal<string | null>(null);
  /** Ranges offered as checkboxes: the opening ranges, plus any other range of the motif being edited. */
  protected readonly rangeOptions = signal<WeeklyRange[]>([]);

  protected readonly form = this.fb.group({
    label: ['', [Validators.required, Validators.minLength(2), Validators.maxLength(120)]],
    durationMinutes: [15, [Validators.required, Validators.min(5), Validators.max(240)]],
    consultationTypes: this.fb.group({ CABINET: [true], VIDEO: [false], HOME: [false] }, { validators: atLeastOneChecked }),
    openToNewPatients: [true],
    bookableOnline: [true],
    isSnp: [false],
    scope: ['ALL' as 'ALL' | 'SOME'],
    ranges: this.fb.array<boolean>([], { validators: (c: AbstractControl) => this.rangesError(c) }),
  });
  protected readonly feedback = new FormFeedback(this.form, MESSAGES);
  private readonly scope = toSignal(this.form.controls.scope.valueChanges, { initialValue: 'ALL' as 'ALL' | 'SOME' });
  protected readonly someRanges = computed(() => this.scope() === 'SOME');
  protected readonly video = toSignal(this.form.controls.consultationTypes.controls.VIDEO.valueChanges, { initialValue: false });

  constructor() {
    this.form.controls.scope.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.form.controls.ranges.updateValueAndValidity());
    this.context.followPractitioner((practitionerId) => this.load(practitionerId));
  }

  protected rangesOf(motif: MotifView): string {
    return motif.ranges.length === 0 ? 'Toutes les plages' : motif.ranges.map(weeklyRangeLabel).join(' ; ');
  }

  protected startNew(): void {
    this.openForm(null);
  }

  protected edit(motif: MotifView): void {
    this.openForm(motif);
  }

  protected closeForm(): void {
    const editing = this.editing();
    this.editing.set(null);
    this.feedback.done();
    this.focusAfterRender(editing && editing !== 'new' ? `#motif-${editing} .motif-edit` : '#add-motif');
  }

  protected async save(): Promise<void> {
    const practitionerId = this.context.practitionerId();
    const editing = this.editing();
    if (!practitionerId || !editing || !this.feedback.start()) {
      return;
    }
    const value = this.form.getRawValue();
    const request: MotifRequest = {
      label: value.label.trim(),
      durationMinutes: Number(value.durationMinutes),
      consultationTypes: this.types.filter((t) => value.consultationTypes[t]),
      openToNewPatients: value.openToNewPatients,
      bookableOnline: value.bookableOnline,
      isSnp: value.isSnp,
      ranges: value.scope === 'ALL' ? [] : this.rangeOptions().filter((_, i) => value.ranges[i]),
    };
    try {
      const saved = await firstValueFrom(
        editing === 'new' ? this.api.addMotif(practitionerId, request) : this.api.updateMotif(practitionerId, editing, request),
      );
      this.feedback.done();
      this.motifs.update((list) => {
        const others = (list ?? []).filter((m) => m.id !== saved.id);
        return editing === 'new' ? [...others, saved] : (list ?? []).map((m) => (m.id === saved.id ? saved : m));
      });
      this.editing.set(null);
      this.notice.set(`Motif « ${saved.label} » enregistré.`);
      this.focusAfterRender('#motifs-notice');
    } catch (error) {
      this.feedback.fail(toApiError(error));
    }
  }

  protected async remove(motif: MotifView): Promise<void> {
    const practitionerId = this.context.practitionerId();
    if (!practitionerId) {
      return;
    }
    this.listError.set(null);
    try {
      await firstValueFrom(this.api.removeMotif(practitionerId, motif.id));
      this.deleting.set(null);
      this.motifs.update((list) => (list ?? []).filter((m) => m.id !== motif.id));
      this.notice.set(`Motif « ${motif.label} » supprimé. Les rendez-vous déjà pris le gardent.`);
      this.focusAfterRender('#motifs-notice');
    } catch (error) {
      this.listError.set(apiErrorMessage(toApiError(error)));
    }
  }

  protected askDelete(motif: MotifView | null): void {
    this.deleting.set(motif?.id ?? null);
    if (motif) {
      this.focusAfterRender(`#motif-${motif.id} .motif-confirm-delete`);
    }
  }

  private openForm(motif: MotifView | null): void {
    this.notice.set(null);
    this.deleting.set(null);
    const opening: WeeklyRange[] = (this.settings()?.ranges ?? []).map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute }));
    const options = [...opening];
    motif?.ranges.forEach((r) => {
      if (!options.some((o) => key(o) === key(r))) {
        options.push(r);
      }
    });
    options.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
    this.rangeOptions.set(options);
    const chosen = new Set((motif?.ranges ?? []).map(key));
    this.form.controls.ranges.clear();
    options.forEach((o) => this.form.controls.ranges.push(this.fb.control(chosen.has(key(o)))));
    this.form.reset({
      label: motif?.label ?? '',
      durationMinutes: motif?.durationMinutes ?? this.settings()?.slotMinutes ?? 15,
      consultationTypes: {
        CABINET: motif ? motif.consultationTypes.includes('CABINET') : true,
        VIDEO: motif?.consultationTypes.includes('VIDEO') ?? false,
        HOME: motif?.consultationTypes.includes('HOME') ?? false,
      },
      openToNewPatients: motif?.openToNewPatients ?? true,
      bookableOnline: motif?.bookableOnline ?? true,
      isSnp: motif?.isSnp ?? false,
      scope: motif && motif.ranges.length > 0 ? 'SOME' : 'ALL',
      ranges: options.map((o) => chosen.has(key(o))),
    });
    this.feedback.done();
    this.editing.set(motif?.id ?? 'new');
    this.focusAfterRender('#motif-form-title');
  }

  private rangesError(control: AbstractControl): ValidationErrors | null {
    const scope = control.parent?.get('scope')?.value;
    const picked = (control.value as boolean[]).some(Boolean);
    return scope === 'SOME' && !picked ? { required: true } : null;
  }

  private async load(practitionerId: string): Promise<void> {
    this.loadError.set(null);
    this.motifs.set(null);
    this.editing.set(null);
    try {
      const [motifs, settings] = await Promise.all([
        firstValueFrom(this.api.motifs(practitionerId)),
        firstValueFrom(this.api.settings(practitionerId)),
      ]);
      if (this.context.practitionerId() === practitionerId) {
        this.motifs.set(motifs);
        this.settings.set(settings);
      }
    } catch (error) {
      this.loadError.set(apiErrorMessage(toApiError(error)));
    }
  }

  private focusAfterRender(selector: string): void {
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
