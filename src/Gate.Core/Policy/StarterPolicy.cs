namespace Gate.Core.Policy;

/// <summary>The commented <c>gate.yaml</c> that <c>gate init</c> writes.</summary>
public static class StarterPolicy
{
    public const string Text = """
        # gate.yaml: the lineage policy for this data repository.
        # Gate fails the build when the model that wrote a dataset (its teacher) and a model that will
        # be trained on it (a student) share an initialization, unless an accepted mitigation or an
        # approved waiver is on record. Run `gate explain shared-init` for the evidence behind it.
        # Keep this file CODEOWNERS-protected: it decides what the gate lets through.
        version: 1

        # Which files are under the gate (globs relative to this folder). Each selected data file
        # needs a NAME.lineage.yaml beside it, and every selected file must be data (.jsonl .json
        # .csv .tsv .txt .parquet, optionally .gz or .zst): anything else is refused by name
        # (GATE113) unless it is excluded here, so nothing under data/ goes unchecked silently.
        # Without this block, the datasets are exactly those that lineage manifests name.
        datasets:
          include: ["data/**"]
          exclude: ["data/raw/**", "**/README.md", "**/.gitattributes", "**/.gitkeep"]

        # The lineage registry. Every model states `base` (its weight parent(s); a list for merges)
        # or `root: true` (pretrained from scratch). A model Gate cannot follow to a root fails
        # closed (GATE004 unknown-model).
        models:
          - id: Qwen/Qwen2.5-7B
            root: true
            family: qwen2.5
          - id: Qwen/Qwen2.5-7B-Instruct
            base: Qwen/Qwen2.5-7B
            relation: finetune      # finetune | adapter | quantized | merge | continued-pretraining | upcycle
          # - id: acme/reasoner-small
          #   base: Qwen/Qwen2.5-7B
          #   distilled-from: [deepseek-ai/DeepSeek-R1]   # trained on that model's outputs
          # - id: meta-llama/Llama-3.1-8B
          #   root: true
          #   aliases: [meta-llama/Meta-Llama-3.1-8B]     # renamed models are the same model

        # Hugging Face model cards committed here add registry entries from `base_model`
        # (README front matter) or `base_model_name_or_path` (PEFT adapter_config.json).
        # A card's model id is its folder below the glob's fixed part: models/Org/Name/README.md.
        model-cards: ["models/**/README.md", "models/**/adapter_config.json"]

        # Models nobody declares above can be resolved on the Hugging Face Hub by 'gate lock', which
        # records the answers in gate.lock.json (checks never use the network); and Gate's small
        # catalog of well-known pretrained models can supply roots. Both are off unless turned on.
        # hub: true
        # catalog: builtin

        # The models that will be trained on this repository's data (a manifest may narrow it).
        students:
          - id: acme/student
            base: Qwen/Qwen2.5-7B-Instruct

        # gate.lock.json: run `gate lock` to fingerprint every dataset (SHA-256 of each file, records,
        # a record-set digest, token statistics, a MinHash) with the digests of its manifest and
        # evidence, and commit it with the data. A pull request that changes data, a manifest or
        # evidence must show the lock change too, or dataset-changed (GATE006) fails the check; the
        # reviewer of the lock diff sees which dataset changed and what its lineage says.
        #
        # Severities: error | warning | note | off. Only errors fail the gate. These are the defaults.
        rules:
          shared-init: error
          behavioural-match: error
          same-family: warning
          unknown-model: error
          missing-lineage: error
          dataset-changed: error      # GATE006 content, manifest or evidence differs from gate.lock.json, or not locked
          undeclared-teacher: error   # GATE007 records name an undeclared generator, or copy another teacher's data
          divergence: warning         # GATE008 token distribution differs from the manifest's reference (a screen)
          invalid-mitigation: error
          waiver-expired: error
          waiver-unused: warning

        # The mitigations this organisation accepts: the rules each clears, the fields a manifest's
        # claim must carry (`evidence` must name a committed file; a `rewriter` must come from
        # another family than both teacher and student).
        mitigations:
          cross-family-rewrite: { clears: [shared-init, behavioural-match], requires: [rewriter] }
          trait-eval: { clears: [shared-init], requires: [evidence] }

        # Approved, expiring exceptions. An expired waiver fails again (GATE010); an unused one warns (GATE011).
        waivers: []
        #  - rule: shared-init
        #    dataset: data/experiments/**
        #    teacher: acme/teacher      # pinned: a manifest changed to another teacher is not covered
        #    student: acme/student
        #    reason: "research run on a quarantined cluster"
        #    approved-by: "@acme/safety"
        #    expires: 2026-12-31

        """;
}
