import React, { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Badge, Box, H2, H4, Label, Loader, Select, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatPreciseDate } from './formats.js';
import { StatusLabel, toneFill } from './StatusBadge.jsx';
import { actorLabel, pickTitle, recordUrl } from './titles.js';

const api = new ApiClient();
const BAR_COLOUR = '#4268F6';
const OVERDUE_COLOUR = '#C20012';

const Card = ({ title, children, testId, width = [1, 1, 1 / 2] }) => (
  <Box width={width} p="md" data-testid={testId}>
    <Box variant="container" boxShadow="card" height="100%">
      <H4 mb="lg">{title}</H4>
      {children}
    </Box>
  </Box>
);

/**
 * A bar chart whose bars open the list they count: each row is { label, count, href }. Horizontal bars when the labels
 * are long (statuses, regions), so every label is written out, zeros included.
 */
const CountChart = ({ rows, testId, horizontal = false, colour = BAR_COLOUR, tooltip }) => {
  const navigate = useNavigate();
  const open = (row) => row?.href && navigate(row.href);
  const height = horizontal ? Math.max(120, rows.length * 34 + 40) : 240;
  return (
    <Box data-testid={testId} mb="lg" style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout={horizontal ? 'vertical' : 'horizontal'} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={!horizontal} vertical={horizontal} />
          <XAxis
            type={horizontal ? 'number' : 'category'}
            dataKey={horizontal ? undefined : 'label'}
            allowDecimals={false}
            interval={0}
            tick={{ fontSize: 12 }}
          />
          <YAxis
            type={horizontal ? 'category' : 'number'}
            dataKey={horizontal ? 'label' : undefined}
            allowDecimals={false}
            width={horizontal ? 210 : 40}
            interval={0}
            tick={{ fontSize: 12 }}
          />
          <Tooltip formatter={tooltip} cursor={{ fill: 'rgba(66, 104, 246, 0.08)' }} />
          <Bar dataKey="count" isAnimationActive={false} onClick={(bar) => open(bar?.payload ?? bar)} style={{ cursor: 'pointer' }}>
            {rows.map((row) => (
              <Cell key={row.key} fill={row.fill ?? colour} data-testid={`${testId}-bar`} data-key={row.key} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};

// Memoranda counted two ways: records, and the documents they stand for (a record may count N, its quantity).
const TallyTable = ({ heading, rows }) => {
  const { translateComponent: tc } = useTranslation();
  return (
    <Table>
      <TableHead>
        <TableRow>
          <TableCell>{heading}</TableCell>
          <TableCell>{tc('Dashboard.count')}</TableCell>
          <TableCell>{tc('Dashboard.quantity')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>
            <TableCell>{row.label}</TableCell>
            <TableCell>{row.count}</TableCell>
            <TableCell>{row.quantity}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** The dashboard's filters live in its URL (?region=&year=), so a view can be bookmarked, shared and reloaded. */
const useUrlFilters = () => {
  const location = useLocation();
  const navigate = useNavigate();
  const query = new URLSearchParams(location.search);
  const filters = { region: query.get('region') ?? '', year: query.get('year') ?? '' };
  const setFilters = (next) => {
    const search = new URLSearchParams(Object.entries(next).filter(([, value]) => value));
    navigate({ pathname: location.pathname, search: search.toString() ? `?${search}` : '' }, { replace: true });
  };
  return [filters, setFilters];
};

/** A year as the AdminJS date-range filter of a list (`filters.signedOn~~from=...`). */
const yearRange = (field, year) => (year ? { [`filters.${field}~~from`]: `${year}-01-01`, [`filters.${field}~~to`]: `${year}-12-31` } : {});
const listUrl = (resource, filters) => `/admin/resources/${resource}?${new URLSearchParams(Object.entries(filters).filter(([, value]) => value))}`;

// The managers' view: memoranda by status, region and year, follow-ups overdue and due soon, recent changes.
const Dashboard = () => {
  const { translateComponent: tc, translateLabel: tl, i18n } = useTranslation();
  const language = i18n.language;
  const [filters, setFilters] = useUrlFilters();
  const [data, setData] = useState(null);

  useEffect(() => {
    const params = Object.fromEntries(Object.entries(filters).filter(([, value]) => value));
    api.getDashboard({ params }).then((response) => setData(response.data));
  }, [filters.region, filters.year]);

  if (!data) return <Loader />;
  const title = (values) => pickTitle(values, language) ?? tc('Dashboard.untitled');
  const status = (value, resource = 'Memorandum') => tl(`status.${value}`, resource, { defaultValue: value });
  const regionOptions = [{ value: '', label: tc('Dashboard.allRegions') }, ...data.regions.map((region) => ({ value: region.id, label: title(region) }))];
  const yearOptions = [{ value: '', label: tc('Dashboard.allYears') }, ...data.years.map((year) => ({ value: String(year), label: String(year) }))];
  // The memoranda lists a chart opens: this status (region, year) with the dashboard's own filters on top.
  const memoranda = (extra) => listUrl('Memorandum', { 'filters.region': filters.region, ...yearRange('signedOn', filters.year), ...extra });
  const overdueList = (extra) =>
    listUrl('FollowUp', { 'filters.overdue': 'true', 'filters.region': filters.region, ...yearRange('dueOn', filters.year), ...extra });
  const { memoranda: counts, followUps: due } = data;
  const documentsOf = (value, _name, item) => [`${value} · ${tc('Dashboard.documents')}: ${item.payload.quantity}`, tc('Dashboard.count')];

  const followUps = (rows, testId, overdue = false) =>
    rows.length === 0 ? (
      <Text color="grey60">{tc('Dashboard.none')}</Text>
    ) : (
      <Table data-testid={testId}>
        <TableHead>
          <TableRow>
            <TableCell>{tc('Dashboard.what')}</TableCell>
            <TableCell>{tc('Dashboard.due')}</TableCell>
            {overdue ? <TableCell>{tc('Dashboard.daysLate')}</TableCell> : null}
            <TableCell>{tc('Dashboard.responsible')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id}>
              <TableCell>
                <Link to={recordUrl('FollowUp', row.id)}>{title(row)}</Link>
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{formatPreciseDate(row.dueOn, row.dueOnPrecision, language)}</TableCell>
              {overdue ? (
                <TableCell style={{ whiteSpace: 'nowrap' }} data-testid="days-late">
                  <Badge variant="danger" outline>
                    {tc('Dashboard.daysLateValue', { count: row.daysLate })}
                  </Badge>
                </TableCell>
              ) : null}
              <TableCell>{row.responsibleParty ? title(row.responsibleParty) : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );

  const change = (row) => {
    if (row.action === 'transition') {
      const resource = row.resourceId;
      return row.fromStatus && row.toStatus
        ? tc('RecordHistory.statusChange', { from: status(row.fromStatus, resource), to: status(row.toStatus, resource) })
        : tc('RecordHistory.statusChanged');
    }
    return tc(
      `RecordHistory.${row.action === 'create' ? 'created' : row.action === 'archive' ? 'archived' : row.action === 'restore' ? 'restored' : 'updated'}`,
    );
  };

  return (
    <Box p="xl" data-testid="dashboard">
      <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" justifyContent="space-between" mb="lg">
        <Box mb="md">
          <H2 mb="sm">{tc('Dashboard.title')}</H2>
          <Text color="grey60">{tc('Dashboard.subtitle')}</Text>
        </Box>
        <Box flex flexDirection="row">
          <Box width="260px" mr="lg" data-testid="dashboard-region">
            <Label>{tc('Dashboard.region')}</Label>
            <Select
              value={regionOptions.find((option) => option.value === filters.region) ?? regionOptions[0]}
              options={regionOptions}
              onChange={(selected) => setFilters({ ...filters, region: selected?.value ?? '' })}
            />
          </Box>
          <Box width="160px" data-testid="dashboard-year">
            <Label>{tc('Dashboard.year')}</Label>
            <Select
              value={yearOptions.find((option) => option.value === filters.year) ?? yearOptions[0]}
              options={yearOptions}
              onChange={(selected) => setFilters({ ...filters, year: selected?.value ?? '' })}
            />
          </Box>
        </Box>
      </Box>

      <Box flex flexDirection="row" flexWrap="wrap" mx="-md">
        <Card title={tc('Dashboard.byStatus')} testId="dashboard-by-status">
          <Text mb="sm" data-testid="dashboard-totals">
            {tc('Dashboard.records')}: <strong style={{ fontSize: 24 }}>{counts.total}</strong> · {tc('Dashboard.documents')}:{' '}
            <strong style={{ fontSize: 24 }}>{counts.quantity}</strong>
          </Text>
          <Text mb="lg" color="grey60" data-testid="dashboard-totals-note">
            {tc('Dashboard.totalsNote', { records: counts.total, documents: counts.quantity })}
          </Text>
          <CountChart
            testId="chart-status"
            horizontal
            tooltip={documentsOf}
            rows={counts.byStatus.map((row) => ({
              key: row.status,
              label: status(row.status),
              fill: toneFill(data.tones, row.status),
              ...row,
              href: memoranda({ 'filters.status': row.status }),
            }))}
          />
          <TallyTable
            heading={tc('Dashboard.status')}
            rows={counts.byStatus.map((row) => ({
              key: row.status,
              label: (
                <Link to={memoranda({ 'filters.status': row.status })}>
                  <StatusLabel status={row.status} tones={data.tones} resourceId="Memorandum" />
                </Link>
              ),
              ...row,
            }))}
          />
        </Card>

        <Card title={tc('Dashboard.byRegion')} testId="dashboard-by-region">
          {counts.byRegion.length === 0 ? (
            <Text color="grey60">{tc('Dashboard.none')}</Text>
          ) : (
            <>
              <CountChart
                testId="chart-region"
                horizontal
                tooltip={documentsOf}
                rows={counts.byRegion.map((row) => ({
                  key: row.regionId,
                  label: title(row.name),
                  ...row,
                  href: memoranda({ 'filters.region': row.regionId }),
                }))}
              />
              <TallyTable
                heading={tc('Dashboard.region')}
                rows={counts.byRegion.map((row) => ({
                  key: row.regionId,
                  label: <Link to={memoranda({ 'filters.region': row.regionId })}>{title(row.name)}</Link>,
                  ...row,
                }))}
              />
              <Text mt="md" color="grey60" data-testid="dashboard-region-note">
                {tc('Dashboard.regionNote', { sum: counts.byRegionSum, total: counts.total })}
              </Text>
            </>
          )}
        </Card>

        <Card title={tc('Dashboard.byYear')} testId="dashboard-by-year">
          {counts.byYear.length === 0 ? (
            <Text color="grey60">{tc('Dashboard.none')}</Text>
          ) : (
            <CountChart
              testId="chart-year"
              tooltip={documentsOf}
              rows={counts.byYear.map((row) => ({
                key: row.year,
                label: row.year === 'unknown' ? tc('Dashboard.yearUnknown') : row.year,
                ...row,
                href: row.year === 'unknown' ? null : memoranda(yearRange('signedOn', row.year)),
              }))}
            />
          )}
        </Card>

        <Card title={`${tc('Dashboard.overdueCharts')} (${due.overdueCount})`} testId="dashboard-overdue-charts">
          <Label>{tc('Dashboard.overdueByRegion')}</Label>
          {due.overdueByRegion.length === 0 ? (
            <Text color="grey60" mb="lg">
              {tc('Dashboard.none')}
            </Text>
          ) : (
            <CountChart
              testId="chart-overdue-region"
              horizontal
              colour={OVERDUE_COLOUR}
              rows={due.overdueByRegion.map((row) => ({
                key: row.regionId,
                label: title(row.name),
                ...row,
                href: overdueList({ 'filters.region': row.regionId }),
              }))}
            />
          )}
          <Label>{tc('Dashboard.overdueByAge')}</Label>
          <CountChart
            testId="chart-overdue-age"
            colour={OVERDUE_COLOUR}
            rows={due.overdueByAge.map((row) => ({
              key: row.bucket,
              label: row.to === null ? tc('Dashboard.ageOver', { from: row.from }) : tc('Dashboard.ageRange', { from: row.from, to: row.to }),
              ...row,
              href: overdueList({ 'filters.dueOn~~from': row.dueOnFrom ?? '', 'filters.dueOn~~to': row.dueOnTo }),
            }))}
          />
        </Card>

        {/* Full width: four columns in half of the page wrapped the titles and the names word by word. */}
        <Card title={`${tc('Dashboard.overdue')} (${due.overdueCount})`} testId="dashboard-overdue" width={1}>
          {followUps(due.overdue, 'overdue-table', true)}
          {due.overdueCount > due.overdue.length ? (
            <Box mt="md">
              <Link to={overdueList()}>{tc('Dashboard.showAll')}</Link>
            </Box>
          ) : null}
        </Card>

        <Card title={`${tc('Dashboard.upcoming', { days: due.upcomingDays })} (${due.upcomingCount})`} testId="dashboard-upcoming" width={1}>
          {followUps(due.upcoming, 'upcoming-table')}
        </Card>

        <Card title={tc('Dashboard.recent')} testId="dashboard-recent" width={1}>
          {data.recent.length === 0 ? (
            <Text color="grey60">{tc('Dashboard.none')}</Text>
          ) : (
            <Table>
              <TableHead>
                <TableRow>
                  <TableCell>{tc('Dashboard.when')}</TableCell>
                  <TableCell>{tc('Dashboard.what')}</TableCell>
                  <TableCell>{tc('Dashboard.action')}</TableCell>
                  <TableCell>{tc('Dashboard.who')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.recent.map((row, index) => (
                  <TableRow key={index}>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.at, language)}</TableCell>
                    <TableCell>
                      <Text as="span" color="grey60" mr="sm">
                        {tl(`entityType.${row.entityType}`, 'Memorandum', { defaultValue: row.entityType })}:
                      </Text>
                      <Link to={recordUrl(row.resourceId, row.recordId)}>{title(row.record)}</Link>
                    </TableCell>
                    <TableCell data-testid="recent-change">{change(row)}</TableCell>
                    <TableCell>{actorLabel(row.actorName, tc)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
      </Box>
    </Box>
  );
};

export default Dashboard;
