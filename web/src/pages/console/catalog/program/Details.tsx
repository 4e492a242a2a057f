import { useQueryClient } from "@tanstack/react-query";
import formStyles from "../../../../components/Form.module.css";
import { FormMessage } from "../../../../components/FormMessage";
import { cms, cmsWrites, type ProgramDetail, refreshCatalog } from "../../../../console/catalog/programs";
import styles from "../../../../console/console.module.css";
import { useRoleAllows } from "../../../../console/roles";
import { languageName } from "../../../../format";
import own from "./Details.module.css";
import { programBody, programForm } from "./form";
import { ProgramFields } from "./ProgramFields";
import { useProgramForm } from "./useProgramForm";

/** A program's title, description, languages and topics: a form for editors, the values for everyone else. */
export function Details({ program, onSaved }: { program: ProgramDetail; onSaved: () => void }) {
  const canEdit = useRoleAllows("editor");
  return canEdit ? (
    // A new form when the program changes elsewhere (a restored version, another editor): it starts from what is saved.
    <DetailsForm key={program.updated_at} program={program} onSaved={onSaved} />
  ) : (
    <dl className={own.values}>
      <dt>Title</dt>
      <dd>{program.title}</dd>
      <dt>Description</dt>
      <dd>{program.description || <span className="muted">None</span>}</dd>
      <dt>Languages</dt>
      <dd>
        {program.languages_available
          .map((code) => `${languageName(code)}${code === program.language_primary ? " (primary)" : ""}`)
          .join(", ")}
      </dd>
      <dt>Topics</dt>
      <dd>{program.topics.map((topic) => topic.name).join(", ") || <span className="muted">None</span>}</dd>
    </dl>
  );
}

function DetailsForm({ program, onSaved }: { program: ProgramDetail; onSaved: () => void }) {
  const client = useQueryClient();
  const details = useProgramForm(
    () => programForm(program),
    async (form) => {
      const saved = await cmsWrites.changeProgram(program.id, programBody(form));
      client.setQueryData(cms.program(program.id).queryKey, (current) => current && { ...current, ...saved });
      await refreshCatalog(client);
      onSaved();
    },
  );
  return (
    <form ref={details.formRef} className={own.form} onSubmit={details.submit} noValidate aria-label="Program details">
      {details.failure && <FormMessage tone="error">{details.failure}</FormMessage>}
      <ProgramFields form={details.form} onChange={details.setForm} errors={details.errors} />
      <div className={formStyles.actions}>
        <button type="submit" className={`button ${styles.small}`} disabled={details.busy}>
          {details.busy ? "Saving…" : "Save details"}
        </button>
      </div>
    </form>
  );
}
