import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgCluster } from "../support/postgres";
import { checkOf, fixTexts, runDoctorAs } from "./cdc-support";

describe("CDC doctor: replication privilege", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start();
    await cluster.sql(`
      CREATE ROLE repl_group NOLOGIN REPLICATION;
      CREATE ROLE sync_user LOGIN PASSWORD 'x' IN ROLE repl_group;
      CREATE ROLE direct_user LOGIN REPLICATION PASSWORD 'x';
      CREATE ROLE plain_user LOGIN PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY);
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("fails REPLICATION held only through a group", async () => {
    const report = await runDoctorAs(cluster, "sync_user");
    const check = checkOf(report, "replication-privilege");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("REPLICATION only through repl_group");
    expect(check.message).toContain(
      "role attributes are not inherited; run ALTER ROLE sync_user WITH REPLICATION",
    );
    expect(fixTexts(check)).toEqual(["ALTER ROLE sync_user WITH REPLICATION;"]);
  });

  it("passes REPLICATION on the login role", async () => {
    const report = await runDoctorAs(cluster, "direct_user");
    const check = checkOf(report, "replication-privilege");

    expect(check.status).toBe("pass");
    expect(check.current).toBe("REPLICATION");
  });

  it("fails a role without REPLICATION", async () => {
    const report = await runDoctorAs(cluster, "plain_user");
    const check = checkOf(report, "replication-privilege");

    expect(check.status).toBe("fail");
    expect(check.current).toBe("no REPLICATION");
    expect(fixTexts(check)).toEqual([
      "ALTER ROLE plain_user WITH REPLICATION;",
    ]);
  });

  it("ignores rds_replication off RDS", async () => {
    await cluster.sql(`
      CREATE ROLE rds_like_user LOGIN PASSWORD 'x';
      CREATE ROLE not_rds_replication NOLOGIN;
      GRANT not_rds_replication TO rds_like_user;
    `);

    const report = await runDoctorAs(cluster, "rds_like_user");

    expect(report.provider.id).toBe("self-hosted");
    expect(checkOf(report, "replication-privilege").status).toBe("fail");
  });
});

describe("CDC doctor: replication privilege on RDS", () => {
  let cluster: PgCluster;

  beforeAll(async () => {
    cluster = await PgCluster.start({
      settings: { "rds.logical_replication": "on" },
    });
    await cluster.sql(`
      CREATE ROLE rds_replication NOLOGIN;
      CREATE ROLE rds_member LOGIN PASSWORD 'x' IN ROLE rds_replication;
      CREATE ROLE rds_outsider LOGIN PASSWORD 'x';
      CREATE TABLE public.orders(id int PRIMARY KEY);
    `);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("passes membership in rds_replication", async () => {
    const report = await runDoctorAs(cluster, "rds_member");
    const check = checkOf(report, "replication-privilege");

    expect(report.provider.id).toBe("rds");
    expect(check.status).toBe("pass");
    expect(check.current).toBe("member of rds_replication");
  });

  it("fixes a non-member with GRANT rds_replication", async () => {
    const report = await runDoctorAs(cluster, "rds_outsider");
    const check = checkOf(report, "replication-privilege");

    expect(check.status).toBe("fail");
    expect(fixTexts(check)).toEqual(["GRANT rds_replication TO rds_outsider;"]);
  });
});
