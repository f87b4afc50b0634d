"use client";

import type { ComponentProps } from "react";
import { SpecEditor } from "@/components/spec/spec-editor";
import { VersionHistory, type VersionView } from "@/components/spec/version-history";
import { WaiverList, type WaiverView } from "@/components/spec/waiver-list";
import { Card, CardHeader } from "@/components/ui/stat";

interface Props {
  fleet: string;
  yaml: string;
  baseVersion: number | null;
  canEdit: boolean;
  hosts: string[];
  versions: VersionView[];
  waivers: WaiverView[];
  from: number | null;
  to: number | null;
  diff: { summary: string; lines: string[] } | null;
  edit: ComponentProps<typeof SpecEditor>["edit"];
  captureYaml: ComponentProps<typeof SpecEditor>["captureYaml"];
  revoke: ComponentProps<typeof WaiverList>["revoke"];
}

export function SpecClient(p: Props) {
  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_28rem]">
      <Card testId="spec-edit">
        <CardHeader title={p.canEdit ? "Edit as YAML" : "YAML (read only: operators edit)"} />
        <div className="p-4">
          {/* Keyed by version: after a save the page refreshes and the editor starts from the new text. */}
          <SpecEditor key={p.baseVersion ?? 0} fleet={p.fleet} initialYaml={p.yaml} baseVersion={p.baseVersion} canEdit={p.canEdit} hosts={p.hosts} edit={p.edit} captureYaml={p.captureYaml} />
        </div>
      </Card>
      <div className="space-y-6">
        <Card testId="spec-waivers">
          <CardHeader title={`Waivers (${p.waivers.length})`} />
          <div className="p-4">
            <WaiverList key={p.baseVersion ?? 0} fleet={p.fleet} waivers={p.waivers} canEdit={p.canEdit} revoke={p.revoke} />
          </div>
        </Card>
        <Card testId="spec-history">
          <CardHeader title="Version history" />
          <div className="p-4" id="history">
            <VersionHistory versions={p.versions} from={p.from} to={p.to} diff={p.diff} />
          </div>
        </Card>
      </div>
    </div>
  );
}
