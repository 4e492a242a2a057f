import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { languageName } from "../../format";
import { ConsoleLoadError } from "../ConsoleLoadError";
import { useRoleAllows } from "../roles";
import styles from "./AssetGrid.module.css";
import { catalogWords } from "./problems";
import { type AssetOwner, cms, cmsWrites, type OwnedImage, refreshCatalog, VARIANTS, type Variant } from "./programs";

/** The variants a program or lesson needs in its primary language before it is published (the API's rule). */
const REQUIRED: readonly Variant[] = ["portrait", "landscape"];

const NOUN = { program: "poster", lesson: "thumbnail" } as const;

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A program's posters or a lesson's thumbnails, one slot per language and variant: a preview of each, and for editors
 * upload, replace and remove, with any problem in words beside its slot. The first of `languages` is the primary
 * one: its portrait and landscape slots are marked as needed to publish. Images in a language the owner no longer
 * offers are shown after the others, so that they can be removed.
 *
 * @example
 * <AssetGrid owner={{ kind: "program", id: program.id }} languages={[program.language_primary, "en"]} />
 */
export function AssetGrid({ owner, languages }: { owner: AssetOwner; languages: string[] }) {
  const images = useQuery(cms.images(owner));
  if (images.isError) return <ConsoleLoadError error={images.error} onRetry={() => images.refetch()} />;
  const byLanguage = new Map<string, Map<Variant, OwnedImage>>();
  for (const image of images.data ?? []) {
    if (!byLanguage.has(image.language)) byLanguage.set(image.language, new Map());
    byLanguage.get(image.language)?.set(image.variant, image);
  }
  const offered = [...new Set(languages)];
  const leftOver = [...byLanguage.keys()].filter((language) => !offered.includes(language)).sort();
  return (
    <div className={styles.grid} aria-busy={images.isPending}>
      {[...offered, ...leftOver].map((language, index) => (
        <section
          key={language}
          className={styles.language}
          aria-label={`${languageName(language)} ${NOUN[owner.kind]}s`}
        >
          <h3 className={styles.languageName}>
            {languageName(language)}
            {index === 0 && <span className={styles.primary}> · primary</span>}
            {leftOver.includes(language) && <span className={styles.primary}> · no longer offered</span>}
          </h3>
          <div className={styles.slots}>
            {VARIANTS.map((variant) => (
              <Slot
                key={variant}
                owner={owner}
                language={language}
                variant={variant}
                image={byLanguage.get(language)?.get(variant)}
                loading={images.isPending}
                required={index === 0 && REQUIRED.includes(variant)}
              />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** One language and variant: its preview, and for editors the file to upload in its place, or its removal. */
function Slot({
  owner,
  language,
  variant,
  image,
  loading,
  required,
}: {
  owner: AssetOwner;
  language: string;
  variant: Variant;
  image: OwnedImage | undefined;
  loading: boolean;
  required: boolean;
}) {
  const client = useQueryClient();
  const canEdit = useRoleAllows("editor");
  const [busy, setBusy] = useState<"uploading" | "removing" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const name = `${languageName(language)} ${variant} ${NOUN[owner.kind]}`;

  async function run(kind: "uploading" | "removing", write: () => Promise<unknown>) {
    setBusy(kind);
    setProblem(null);
    try {
      await write();
    } catch (error) {
      setProblem(catalogWords(error));
    } finally {
      setBusy(null);
      await refreshCatalog(client);
    }
  }

  const upload = (file: File) =>
    run("uploading", async () => {
      const stored = await cmsWrites.uploadImage(file);
      await cmsWrites.setAsset(owner, language, variant, stored.url);
    });

  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of a preview and its controls, not a form's fieldset
    <div role="group" aria-label={capitalised(name)} className={styles.slot}>
      <div className={`${styles.frame} ${styles[variant]}`}>
        {image ? (
          <img src={image.url} alt={capitalised(name)} className={styles.preview} loading="lazy" />
        ) : (
          <span className={styles.none}>{loading ? "…" : `No ${variant}`}</span>
        )}
      </div>
      <p className={styles.caption}>
        {capitalised(variant)}
        {required && !image && <span className={styles.needed}> · needed to publish</span>}
      </p>
      {canEdit && (
        <div className={styles.actions}>
          <label className={`button button-quiet ${styles.small} ${busy ? styles.disabled : ""}`}>
            {busy === "uploading" ? "Uploading…" : image ? "Replace" : "Upload"}
            <input
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              className="visually-hidden"
              aria-label={`Upload ${name}`}
              disabled={busy !== null}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = "";
                if (file) void upload(file);
              }}
            />
          </label>
          {image && (
            <button
              type="button"
              className={`button button-quiet button-danger ${styles.small}`}
              aria-label={`Remove ${name}`}
              disabled={busy !== null}
              onClick={() => void run("removing", () => cmsWrites.removeAsset(owner, language, variant))}
            >
              {busy === "removing" ? "Removing…" : "Remove"}
            </button>
          )}
        </div>
      )}
      {problem && (
        <p className={styles.problem} role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
